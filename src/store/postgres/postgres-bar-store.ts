/**
 * `PostgresBarStore`: final bars keyed by `(symbol, tf, start)`. A batch is one
 * `INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE`, so a revised bar replaces the
 * stored one; a key repeated within a batch keeps its last bar, as SQLite's replace does (and
 * as PostgreSQL requires: one statement may not update a row twice).
 * @module
 */

import type pg from 'pg';
import { closeColumnsOf, type Bar, type CloseColumns } from '../../model/bar.js';
import { FILL_ONLY_SOURCES_SQL, isFillOnlySource, type BarRangeQuery, type BarSource, type BarStore } from '../bar-store.js';
import { bucketBar, toBar, type BarRow, type BucketRow } from '../market-rows.js';

const UPSERT_SQL = `
  INSERT INTO bars AS b (symbol, tf, start, open, high, low, close, volume, vwap, trades, source)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::integer[], $11::text[])
  ON CONFLICT (symbol, tf, start) DO UPDATE SET
    open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
    volume = excluded.volume, vwap = excluded.vwap, trades = excluded.trades, source = excluded.source`;

/** A history bar (klines, simulated) fills a missing key or replaces another history bar, never a bar built from ticks. */
const FILL_SQL = `${UPSERT_SQL} WHERE b.source IN (${FILL_ONLY_SOURCES_SQL})`;

export class PostgresBarStore implements BarStore {
  constructor(private readonly pool: pg.Pool) {}

  async upsertBars(bars: readonly Bar[], source: BarSource = 'live'): Promise<void> {
    if (bars.length === 0) return;
    const last = new Map<string, Bar>();
    for (const b of bars) last.set(`${b.symbol}|${b.tf}|${b.start}`, b);
    const rows = [...last.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.tf < b.tf ? -1 : a.tf > b.tf ? 1 : a.start - b.start));
    const col = <T>(f: (b: Bar) => T): T[] => rows.map(f);
    await this.pool.query(isFillOnlySource(source) ? FILL_SQL : UPSERT_SQL, [
      col((b) => b.symbol),
      col((b) => b.tf),
      col((b) => b.start),
      col((b) => b.open),
      col((b) => b.high),
      col((b) => b.low),
      col((b) => b.close),
      col((b) => b.volume),
      col((b) => b.vwap),
      col((b) => b.trades),
      col(() => source),
    ]);
  }

  async queryBars(q: BarRangeQuery): Promise<Bar[]> {
    const { where, args } = rangeWhere(q);
    const { rows } = await this.pool.query<BarRow>(`SELECT symbol, tf, start, open, high, low, close, volume, vwap, trades FROM bars WHERE ${where.join(' AND ')} ORDER BY start LIMIT $${args.length}`, args);
    return rows.map(toBar);
  }

  async queryCloses(q: BarRangeQuery): Promise<CloseColumns> {
    const { where, args } = rangeWhere(q);
    const { rows } = await this.pool.query<{ start: number; close: number }>(`SELECT start, close FROM bars WHERE ${where.join(' AND ')} ORDER BY start LIMIT $${args.length}`, args);
    return closeColumnsOf(rows);
  }

  async symbols(): Promise<string[]> {
    // A loose index scan: one primary-key seek per symbol, not a scan of every bar.
    const { rows } = await this.pool.query<{ symbol: string }>(`
      WITH RECURSIVE s AS (
        SELECT min(symbol) AS symbol FROM bars
        UNION ALL
        SELECT (SELECT min(symbol) FROM bars WHERE symbol > s.symbol) FROM s WHERE s.symbol IS NOT NULL
      )
      SELECT symbol FROM s WHERE symbol IS NOT NULL`);
    return rows.map((r) => r.symbol);
  }

  async barCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM bars');
    return rows[0]!.n;
  }

  async latestStart(symbol: string, tf: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ s: number | null }>('SELECT max(start) AS s FROM bars WHERE symbol = $1 AND tf = $2', [symbol, tf]);
    return rows[0]?.s ?? null;
  }

  async bucketBars(q: Omit<BarRangeQuery, 'limit' | 'afterStart'>, widthMs: number): Promise<Bar[]> {
    const { rows } = await this.pool.query<BucketRow>(
      `WITH g AS (
         SELECT start / $4::bigint AS b, min(start) AS first, max(start) AS last, max(high) AS high, min(low) AS low,
                sum(volume) AS volume, sum(vwap * volume) AS pv, sum(trades) AS trades
         FROM bars WHERE symbol = $1 AND tf = $2 AND start >= $3 AND start < $5 GROUP BY b
       )
       SELECT g.b * $4::bigint AS start, o.open, g.high, g.low, c.close, g.volume, g.pv, g.trades
       FROM g JOIN bars o ON o.symbol = $1 AND o.tf = $2 AND o.start = g.first
              JOIN bars c ON c.symbol = $1 AND c.tf = $2 AND c.start = g.last
       ORDER BY g.b`,
      [q.symbol, q.tf, q.from ?? Number.MIN_SAFE_INTEGER, widthMs, q.to ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map((r) => bucketBar(q.symbol, q.tf, r));
  }

  async earliestStart(symbol: string, tf: string): Promise<number | null> {
    const { rows } = await this.pool.query<{ s: number | null }>('SELECT min(start) AS s FROM bars WHERE symbol = $1 AND tf = $2', [symbol, tf]);
    return rows[0]?.s ?? null;
  }
}

/** The WHERE clause of a bar range; its arguments end with the limit (the last placeholder). */
function rangeWhere(q: BarRangeQuery): { where: string[]; args: (string | number)[] } {
  const where = ['symbol = $1', 'tf = $2'];
  const args: (string | number)[] = [q.symbol, q.tf];
  const add = (clause: string, v: number | undefined): void => {
    if (v === undefined) return;
    args.push(v);
    where.push(`${clause} $${args.length}`);
  };
  add('start >=', q.from);
  add('start <', q.to);
  add('start >', q.afterStart);
  args.push(q.limit);
  return { where, args };
}
