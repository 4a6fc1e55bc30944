/**
 * `PostgresTickStore`: ticks in PostgreSQL's day-partitioned `ticks` table.
 *
 * A batch is validated whole, its partitions made, then written by ONE statement: the rows
 * travel as arrays through `unnest` (one round trip, no per-row parameters), sorted by key so
 * concurrent writers of overlapping batches take row locks in the same order and cannot
 * deadlock; `ON CONFLICT DO NOTHING` skips trades already stored (or repeated within the
 * batch), and the same statement adds what it inserted to `tick_stats`, so counts, time range
 * and the last trade id are O(1) reads that never disagree with the ticks. Range reads page on
 * the `(symbol, ts, trade_id)` key; streamed reads run a server-side cursor.
 * @module
 */

import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { Tick, TickSource } from '../../model/tick.js';
import type { AppendResult, SymbolSummary, TakerTickQuery, TickRangeQuery, TickStore, TickStreamQuery } from '../tick-store.js';
import { epochMs } from '../../core/brand.js';
import { toTickColumns, type TickColumns } from '../tick-columns.js';
import { validateTickColumns } from '../tick-validation.js';
import type { TickPartitions } from './tick-partitions.js';
import { toTick, type TickRow } from '../market-rows.js';

const COLUMNS = 'symbol, trade_id, ts, price, qty, buyer_maker, source';

const APPEND_SQL = `
  WITH ins AS (
    INSERT INTO ticks (${COLUMNS})
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[], $6::boolean[], $7::text[])
    ON CONFLICT DO NOTHING
    RETURNING symbol, source, ts, trade_id
  ), added AS (
    SELECT symbol, source, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, max(trade_id) AS max_trade_id
    FROM ins GROUP BY symbol, source
  ), stats AS (
    INSERT INTO tick_stats AS s (symbol, source, n, first_ts, last_ts, max_trade_id)
    SELECT * FROM added ORDER BY symbol, source
    ON CONFLICT (symbol, source) DO UPDATE SET
      n = s.n + excluded.n,
      first_ts = least(s.first_ts, excluded.first_ts),
      last_ts = greatest(s.last_ts, excluded.last_ts),
      max_trade_id = greatest(s.max_trade_id, excluded.max_trade_id)
  )
  SELECT coalesce(sum(n), 0)::bigint AS inserted FROM added`;

/** Deadlock and serialization failures are retried this many times (they should not happen: keys are sorted). */
const RETRIES = 3;

export class PostgresTickStore implements TickStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly partitions: TickPartitions,
    /** Where streamed reads take their connection (default `pool`). */
    private readonly streamPool: pg.Pool = pool,
  ) {}

  async appendTicks(ticks: readonly Tick[]): Promise<AppendResult> {
    if (ticks.length === 0) return { inserted: 0, duplicates: 0 };
    const cols = toTickColumns(ticks);
    validateTickColumns(cols);
    await this.partitions.ensureFor(cols.ts);
    const params = sortedArrays(cols);
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await this.pool.query<{ inserted: number }>(APPEND_SQL, params);
        const inserted = rows[0]!.inserted;
        return { inserted, duplicates: ticks.length - inserted };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt < RETRIES && (code === '40P01' || code === '40001')) continue;
        throw e;
      }
    }
  }

  async queryTicks(q: TickRangeQuery): Promise<Tick[]> {
    const { sql, args } = rangeSql(q);
    args.push(q.limit);
    const { rows } = await this.pool.query<TickRow>(`${sql} LIMIT $${args.length}`, args);
    return rows.map(toTick);
  }

  async *streamTicks(q: TickStreamQuery, batchSize = 10_000): AsyncIterable<readonly Tick[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`streamTicks: batchSize must be a positive integer (${batchSize})`);
    const { sql, args } = rangeSql(q);
    const client = await this.streamPool.connect();
    const cursor = client.query(new Cursor<TickRow>(sql, args));
    let failed = false;
    try {
      for (;;) {
        const rows = await cursor.read(batchSize);
        if (rows.length > 0) yield rows.map(toTick);
        if (rows.length < batchSize) return;
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      await cursor.close().catch(() => undefined);
      // A client whose cursor failed may be in a bad state: destroy it rather than reuse it.
      client.release(failed);
    }
  }

  async lastTradeId(symbol: string, source?: TickSource): Promise<number | null> {
    const { rows } =
      source === undefined
        ? await this.pool.query<{ id: number | null }>('SELECT max(max_trade_id) AS id FROM tick_stats WHERE symbol = $1', [symbol])
        : await this.pool.query<{ id: number | null }>('SELECT max_trade_id AS id FROM tick_stats WHERE symbol = $1 AND source = $2', [symbol, source]);
    return rows[0]?.id ?? null;
  }

  async lastTakerTick(q: TakerTickQuery): Promise<Tick | null> {
    const { rows } = await this.pool.query<TickRow>(
      'SELECT symbol, trade_id, ts, price, qty, buyer_maker, source FROM ticks WHERE symbol = $1 AND ts < $2 AND ts >= $3 AND buyer_maker = $4 ORDER BY ts DESC, trade_id DESC LIMIT 1',
      [q.symbol, q.before, q.since, q.buyerMaker],
    );
    return rows[0] === undefined ? null : toTick(rows[0]);
  }

  async symbolSummaries(): Promise<SymbolSummary[]> {
    const { rows } = await this.pool.query<{ symbol: string; n: number; first: number; last: number }>(
      'SELECT symbol, sum(n)::bigint AS n, min(first_ts) AS first, max(last_ts) AS last FROM tick_stats GROUP BY symbol ORDER BY symbol',
    );
    return rows.map((r) => ({ symbol: r.symbol, ticks: r.n, firstTs: epochMs(r.first), lastTs: epochMs(r.last) }));
  }

  async tickCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT coalesce(sum(n), 0)::bigint AS n FROM tick_stats');
    return rows[0]!.n;
  }
}

/**
 * The SELECT of a range in `(ts, trade_id)` order. The lower bound is the cursor or `from`,
 * whichever is later, as a row comparison the index can seek; the plain `ts >=` beside it
 * lets the planner prune partitions before the lower bound.
 */
function rangeSql(q: TickRangeQuery | TickStreamQuery): { sql: string; args: (string | number)[] } {
  const where = ['symbol = $1'];
  const args: (string | number)[] = [q.symbol];
  const after = 'after' in q ? q.after : undefined;
  const lower: [number, number] | null =
    after !== undefined && (q.from === undefined || after.ts >= q.from) ? [after.ts, after.tradeId] : q.from !== undefined ? [q.from, -1] : null;
  if (lower !== null) {
    args.push(lower[0], lower[1]);
    where.push(`(ts, trade_id) > ($2, $3)`, 'ts >= $2');
  }
  if (q.to !== undefined) {
    args.push(q.to);
    where.push(`ts < $${args.length}`);
  }
  return { sql: `SELECT ${COLUMNS} FROM ticks WHERE ${where.join(' AND ')} ORDER BY ts, trade_id`, args };
}

/** The batch as the seven parameter arrays of `APPEND_SQL`, sorted by (symbol, ts, trade_id). */
function sortedArrays(cols: TickColumns): unknown[] {
  const n = cols.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const sym = (i: number): string => cols.symbols[cols.symbolIndex[i]!]!;
  order.sort((a, b) => {
    const sa = sym(a);
    const sb = sym(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
    return cols.ts[a]! - cols.ts[b]! || cols.tradeId[a]! - cols.tradeId[b]!;
  });
  const symbols: string[] = new Array<string>(n);
  const tradeIds: number[] = new Array<number>(n);
  const ts: number[] = new Array<number>(n);
  const prices: number[] = new Array<number>(n);
  const qtys: number[] = new Array<number>(n);
  const makers: boolean[] = new Array<boolean>(n);
  const sources: string[] = new Array<string>(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    symbols[k] = sym(i);
    tradeIds[k] = cols.tradeId[i]!;
    ts[k] = cols.ts[i]!;
    prices[k] = cols.price[i]!;
    qtys[k] = cols.qty[i]!;
    makers[k] = cols.buyerMaker[i] === 1;
    sources[k] = cols.sources[cols.sourceIndex[i]!]!;
  }
  return [symbols, tradeIds, ts, prices, qtys, makers, sources];
}
