/**
 * Tick retention on PostgreSQL's day-partitioned `ticks`: a day partition that lies wholly
 * before the cutoff is dropped (its rows counted per symbol and source first, under a SHARE
 * lock so none can be added between count and drop); what remains before the cutoff (the
 * boundary day, or every chunk of a TimescaleDB hypertable, which this leaves to plain
 * deletes) is deleted in batches of 5,000 rows on the `(symbol, ts, trade_id)` key. Every
 * step takes its rows off `tick_stats` in the same transaction; afterwards each touched
 * symbol's `first_ts` is read again and a (symbol, source) left with no ticks loses its row.
 * Bars are not touched. All of it is async I/O: the event loop only waits.
 * @module
 */

import type pg from 'pg';
import { inPooledTransaction } from '../../store/postgres/pg-transaction.js';
import { DAY_MS, partitionName, type TickPartitions } from '../../store/postgres/tick-partitions.js';
import { RETENTION_BATCH_ROWS } from './sqlite-tick-retention.js';
import { retentionResult, type RetentionResult } from './retention-result.js';

export interface PostgresRetentionTarget {
  readonly pool: pg.Pool;
  readonly schema: string;
  /** Told which days were dropped, so a later write to such a day makes its partition again. */
  readonly partitions: TickPartitions;
}

const BATCH_SQL = `
  WITH victims AS (
    SELECT symbol, ts, trade_id FROM ticks WHERE symbol = $1 AND ts < $2 ORDER BY ts, trade_id LIMIT $3
  ), del AS (
    DELETE FROM ticks t USING victims v
    WHERE t.symbol = v.symbol AND t.ts = v.ts AND t.trade_id = v.trade_id AND t.ts < $2
    RETURNING t.source
  ), agg AS (
    SELECT source, count(*)::bigint AS n FROM del GROUP BY source
  ), upd AS (
    UPDATE tick_stats s SET n = s.n - agg.n FROM agg WHERE s.symbol = $1 AND s.source = agg.source RETURNING 1
  )
  SELECT coalesce(sum(n), 0)::bigint AS deleted FROM agg`;

/** Day partitions of `ticks` (named by `partitionName`), as days since the epoch. */
async function partitionDays(pool: pg.Pool, schema: string): Promise<number[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
       JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE n.nspname = $1 AND p.relname = 'ticks'`,
    [schema],
  );
  const days: number[] = [];
  for (const { name } of rows) {
    const m = /^ticks_(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (m === null) continue;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
    if (partitionName(day) === name) days.push(day);
  }
  return days.sort((a, b) => a - b);
}

/**
 * Drops the day partition `day` and takes its rows off `tick_stats`, in one transaction;
 * answers its rows per (symbol, source), or null when it is already gone (another server's
 * retention dropped it first) or its locks were not had within 5 s (left to the next run).
 */
async function dropPartition(pool: pg.Pool, schema: string, day: number): Promise<{ symbol: string; source: string; n: number }[] | null> {
  try {
    return await inPooledTransaction(pool, async (client) => {
      // Waiting long for the parent's lock would stall live appends queued behind it.
      await client.query("SET LOCAL lock_timeout = '5s'");
      // Partition DDL takes turns (the lock `TickPartitions` creates under): two servers
      // pruning at once would otherwise both hold SHARE and deadlock upgrading it to DROP.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tandem.partitions.${schema}`]);
      await client.query(`LOCK TABLE ${schema}.${partitionName(day)} IN SHARE MODE`);
      const { rows } = await client.query<{ symbol: string; source: string; n: number }>(`SELECT symbol, source, count(*)::bigint AS n FROM ${schema}.${partitionName(day)} GROUP BY symbol, source ORDER BY symbol, source`);
      await client.query(`DROP TABLE ${schema}.${partitionName(day)}`);
      await client.query(
        'UPDATE tick_stats s SET n = s.n - d.n FROM unnest($1::text[], $2::text[], $3::bigint[]) AS d(symbol, source, n) WHERE s.symbol = d.symbol AND s.source = d.source',
        [rows.map((r) => r.symbol), rows.map((r) => r.source), rows.map((r) => r.n)],
      );
      return rows;
    });
  } catch (e) {
    // Gone already, or a lock not had within lock_timeout: the next run tries again.
    const code = (e as { code?: string }).code;
    if (code === '42P01' || code === '55P03') return null;
    throw e;
  }
}

export async function retainPostgresTicks(target: PostgresRetentionTarget, cutoff: number, batchRows = RETENTION_BATCH_ROWS): Promise<RetentionResult> {
  const { pool, schema } = target;
  const perSymbol = new Map<string, number>();
  const { rows: symbols } = await pool.query<{ symbol: string }>('SELECT DISTINCT symbol FROM tick_stats ORDER BY symbol');
  for (const { symbol } of symbols) perSymbol.set(symbol, 0);
  const add = (symbol: string, n: number): void => void perSymbol.set(symbol, (perSymbol.get(symbol) ?? 0) + n);

  let dropped = 0;
  for (const day of await partitionDays(pool, schema)) {
    if ((day + 1) * DAY_MS > cutoff) continue;
    const counts = await dropPartition(pool, schema, day);
    if (counts === null) continue;
    target.partitions.forget(day);
    dropped++;
    for (const r of counts) add(r.symbol, r.n);
  }

  for (const { symbol } of symbols) {
    for (;;) {
      const { rows } = await pool.query<{ deleted: number }>(BATCH_SQL, [symbol, cutoff, batchRows]);
      const n = rows[0]!.deleted;
      add(symbol, n);
      if (n < batchRows) break;
    }
  }

  const touched = [...perSymbol].filter(([, n]) => n > 0).map(([s]) => s);
  if (touched.length > 0) {
    await pool.query('DELETE FROM tick_stats WHERE symbol = ANY($1::text[]) AND n <= 0', [touched]);
    await pool.query(
      'UPDATE tick_stats s SET first_ts = coalesce((SELECT min(t.ts) FROM ticks t WHERE t.symbol = s.symbol AND t.source = s.source), s.first_ts) WHERE s.symbol = ANY($1::text[])',
      [touched],
    );
  }
  return retentionResult(cutoff, perSymbol, dropped);
}
