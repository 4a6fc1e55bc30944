/**
 * `TickPartitions`: creates the daily partitions of `ticks` a write needs, before the write.
 * Partitions are RANGE partitions on `ts` of one UTC day, named `ticks_YYYYMMDD`. Creation is
 * idempotent under concurrency: `CREATE TABLE IF NOT EXISTS` alone can still fail when two
 * sessions create the same partition at once (both pass the existence check), so each runs
 * under a transaction-scoped advisory lock of its schema. Days already made are remembered,
 * so the usual write (today's partition exists) costs no round trip.
 * @module
 */

import type pg from 'pg';
import { inPooledTransaction } from './pg-transaction.js';

export const DAY_MS = 86_400_000;

export class TickPartitions {
  private readonly made = new Set<number>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    /** With TimescaleDB the hypertable makes its own chunks. */
    private readonly managed: boolean,
  ) {}

  /** Ensures a partition exists for every day that holds one of `ts` (epoch ms, >= 0). */
  async ensureFor(ts: Float64Array): Promise<void> {
    if (!this.managed) return;
    const days = new Set<number>();
    for (let i = 0; i < ts.length; i++) {
      const day = Math.floor(ts[i]! / DAY_MS);
      if (!this.made.has(day)) days.add(day);
    }
    if (days.size === 0) return;
    await inPooledTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tandem.partitions.${this.schema}`]);
      for (const day of [...days].sort((x, y) => x - y)) {
        const from = day * DAY_MS;
        await client.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.${partitionName(day)} PARTITION OF ${this.schema}.ticks FOR VALUES FROM (${from}) TO (${from + DAY_MS})`);
      }
    });
    for (const day of days) this.made.add(day);
  }

  /** Forgets that `day`'s partition exists (retention dropped it), so a later write makes it again. */
  forget(day: number): void {
    this.made.delete(day);
  }
}

/** `ticks_20261124` for the UTC day `day` (days since the epoch). */
export function partitionName(day: number): string {
  return `ticks_${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
}
