import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TandemError } from '../core/tandem-error.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { JobPool } from './job-pool.js';

const tf = (label: string): TimeframeSpec => (parseTimeframe(label) as { ok: true; value: TimeframeSpec }).value;

describe('JobPool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-job-pool-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is sized from the CPU count, or from TANDEM_JOB_WORKERS and TANDEM_JOB_QUEUE', () => {
    expect(new JobPool({ env: {} }).workers).toBe(availableParallelism());
    const p = new JobPool({ env: { TANDEM_JOB_WORKERS: '3', TANDEM_JOB_QUEUE: '5' } });
    expect([p.workers, p.maxQueue]).toEqual([3, 5]);
  });

  it('refuses a worker count that is not a positive integer, naming the variable', () => {
    expect(() => new JobPool({ env: { TANDEM_JOB_WORKERS: 'two' } })).toThrow(/TANDEM_JOB_WORKERS must be a positive integer \('two'\)/);
  });

  it('refuses a job with busy while the lane is full', async () => {
    const pool = new JobPool({ workers: 1, maxQueue: 0 });
    const db = join(dir, 'busy.db');
    SqliteStore.open(db).close();
    const first = pool.run({ kind: 'bar-history', dbPath: db, storedTimeframes: [tf('1m')], query: { symbol: 'BTCUSDT', tf: tf('1m'), limit: 10 }, now: 0 });
    expect(() => pool.assertRoom()).toThrow(expect.objectContaining({ code: 'busy' }) as TandemError);
    await expect(first).resolves.toEqual([]);
    expect(() => pool.assertRoom()).not.toThrow();
    await pool.close();
  });

  it('tells its figures: jobs on a worker, jobs waiting, and refusals so far', async () => {
    const pool = new JobPool({ workers: 1, maxQueue: 1 });
    const db = join(dir, 'figures.db');
    SqliteStore.open(db).close();
    const job = (): Promise<unknown> => pool.run({ kind: 'bar-history', dbPath: db, storedTimeframes: [tf('1m')], query: { symbol: 'BTCUSDT', tf: tf('1m'), limit: 10 }, now: 0 });
    expect(pool.figures()).toEqual({ workers: 1, maxQueue: 1, running: 0, queued: 0, refused: 0 });
    const both = [job(), job()];
    await expect(job()).rejects.toMatchObject({ code: 'busy' });
    const f = pool.figures();
    expect(f.running + f.queued).toBe(2);
    // One worker: at least the second job waits (the first may too while its thread starts).
    expect(f.queued).toBeGreaterThanOrEqual(1);
    expect(f.refused).toBe(1);
    await Promise.all(both);
    expect(pool.figures()).toMatchObject({ running: 0, queued: 0, refused: 1 });
    await pool.close();
  });

  it('answers a job\'s value from a worker, and rejects for a file that does not exist', async () => {
    const pool = new JobPool({ workers: 1 });
    const db = join(dir, 'range.db');
    SqliteStore.open(db).close();
    // A derived timeframe (2m is built from ticks) over an empty store.
    const bars = await pool.run({ kind: 'bar-history', dbPath: db, storedTimeframes: [tf('1m')], query: { symbol: 'BTCUSDT', tf: tf('2m'), limit: 10 }, now: 1e12 });
    expect(bars).toEqual([]);
    await expect(pool.run({ kind: 'bar-history', dbPath: join(dir, 'missing.db'), storedTimeframes: [], query: { symbol: 'X', tf: tf('1m'), limit: 1 }, now: 0 })).rejects.toThrow();
    await pool.close();
  });
});
