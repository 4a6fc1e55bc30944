/**
 * Tick retention on SQLite: deletes the ticks of each symbol older than a cutoff in small
 * transactions (default 5,000 rows), the oldest first in the table's `(symbol, ts, trade_id)`
 * key order, and takes what each one deleted off `tick_counts` in the same transaction
 * (a symbol left with no ticks loses its row, as if it had never been stored). Bars are not
 * touched.
 *
 * SQLite has one writer at a time. Each batch takes the write lock at BEGIN (IMMEDIATE), so it
 * waits under `busy_timeout` rather than failing; the live writer thread waits the same way
 * for the few milliseconds a batch holds the lock (median 6 ms, p99 31 ms for 5,000 rows), and
 * `pause` between batches (on the job worker: three times the last batch, at least 20 ms)
 * leaves it the lock most of the time.
 * @module
 */

import type Database from 'better-sqlite3';
import { retentionResult, type RetentionResult } from './retention-result.js';

export const RETENTION_BATCH_ROWS = 5_000;

export class SqliteTickRetention {
  private readonly listSymbols: Database.Statement;
  private readonly batchTx: Database.Transaction<(symbol: string, cutoff: number, limit: number) => number>;

  constructor(db: Database.Database) {
    this.listSymbols = db.prepare('SELECT symbol FROM tick_counts ORDER BY symbol').pluck();
    // The batch's last key, then every key up to it: one seek and a range delete in key order
    // (the table is keyed by (symbol, ts, trade_id)).
    const remove = db.prepare(`DELETE FROM ticks WHERE symbol = @symbol AND (ts, trade_id) <= (
        SELECT ts, trade_id FROM (SELECT ts, trade_id FROM ticks WHERE symbol = @symbol AND ts < @cutoff ORDER BY ts, trade_id LIMIT @limit) ORDER BY ts DESC, trade_id DESC LIMIT 1)`);
    const decrement = db.prepare('UPDATE tick_counts SET n = n - ? WHERE symbol = ?');
    const dropEmpty = db.prepare('DELETE FROM tick_counts WHERE symbol = ? AND n <= 0');
    this.batchTx = db.transaction((symbol: string, cutoff: number, limit: number) => {
      const n = remove.run({ symbol, cutoff, limit }).changes;
      if (n > 0) {
        decrement.run(n, symbol);
        dropEmpty.run(symbol);
      }
      return n;
    });
  }

  /** Symbols with stored ticks. */
  symbols(): string[] {
    return this.listSymbols.all() as string[];
  }

  /** Deletes up to `limit` of the oldest ticks of `symbol` before `cutoff`, in one transaction; answers how many. */
  deleteBatch(symbol: string, cutoff: number, limit = RETENTION_BATCH_ROWS): number {
    return this.batchTx.immediate(symbol, cutoff, limit);
  }
}

export interface SqliteRetentionOptions {
  readonly batchRows?: number;
  /** Awaited between batches with the last batch's duration in ms (lets the live writer in). */
  readonly pause: (lastBatchMs: number) => Promise<void>;
}

/** Deletes every tick before `cutoff`, batch by batch, symbol by symbol. */
export async function retainSqliteTicks(retention: SqliteTickRetention, cutoff: number, opts: SqliteRetentionOptions): Promise<RetentionResult> {
  const limit = opts.batchRows ?? RETENTION_BATCH_ROWS;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`retainSqliteTicks: batchRows must be a positive integer (${limit})`);
  const perSymbol = new Map<string, number>();
  for (const symbol of retention.symbols()) {
    let deleted = 0;
    for (;;) {
      const t0 = performance.now();
      const n = retention.deleteBatch(symbol, cutoff, limit);
      deleted += n;
      if (n < limit) break;
      await opts.pause(performance.now() - t0);
    }
    perSymbol.set(symbol, deleted);
  }
  return retentionResult(cutoff, perSymbol);
}
