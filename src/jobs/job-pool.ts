/**
 * The job lane (DESIGN.md, "Two lanes"): a pool of worker threads for work whose cost grows
 * with a range of data, so the event loop keeps only the live lane. Sized from
 * `os.availableParallelism()` (or `TANDEM_JOB_WORKERS`), with a bounded queue: a job that
 * finds every worker busy and the queue full is refused at once with
 * `TandemError('busy')`, which the HTTP layer answers 503 with `Retry-After`.
 * An aborted job (the client went away) terminates its worker, which piscina replaces.
 *
 * @example
 *   const pool = new JobPool({ workers: 2, maxQueue: 8 });
 *   await pool.run({ kind: 'tick-csv', ... }, { signal, transferList: [port] });
 * @module
 */

import { availableParallelism } from 'node:os';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { TandemError } from '../core/tandem-error.js';
import { InvalidFileError } from '../ingest/replay/tick-file-format.js';
import type { JobOutcome, JobRequest } from './job-protocol.js';
import { jobWorkerFile } from './job-worker-file.js';

export interface JobPoolOptions {
  /** Worker threads (default `TANDEM_JOB_WORKERS`, else `availableParallelism()`). */
  readonly workers?: number;
  /** Jobs that may wait for a worker (default `TANDEM_JOB_QUEUE`, else 4 per worker). */
  readonly maxQueue?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface JobPoolFigures {
  /** Most jobs running at once, and most waiting for a worker. */
  readonly workers: number;
  readonly maxQueue: number;
  /** Jobs on a worker now, and jobs waiting for one. */
  readonly running: number;
  readonly queued: number;
  /** Jobs refused with `busy` since the pool was made. */
  readonly refused: number;
}

/** Seconds a refused client is told to wait before it tries again. */
export const RETRY_AFTER_S = 1;

const positiveInt = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new TandemError('invalid_request', `${name} must be a positive integer ('${raw}')`);
  return n;
};

export class JobPool {
  readonly workers: number;
  readonly maxQueue: number;
  private pool: Piscina | null = null;
  private running = 0;
  private refused = 0;

  constructor(opts: JobPoolOptions = {}) {
    const env = opts.env ?? process.env;
    this.workers = opts.workers ?? positiveInt(env['TANDEM_JOB_WORKERS'], 'TANDEM_JOB_WORKERS') ?? Math.max(1, availableParallelism());
    this.maxQueue = opts.maxQueue ?? positiveInt(env['TANDEM_JOB_QUEUE'], 'TANDEM_JOB_QUEUE') ?? 4 * this.workers;
  }

  /** Jobs running or waiting. */
  get pending(): number {
    return this.running;
  }

  /** What the lane holds now and how many jobs it has refused (`GET /metrics`). */
  figures(): JobPoolFigures {
    // piscina's queue holds the jobs no worker has taken yet; the rest of ours are on a worker.
    const queued = Math.min(this.pool?.queueSize ?? 0, this.running);
    return { workers: this.workers, maxQueue: this.maxQueue, running: this.running - queued, queued, refused: this.refused };
  }

  /**
   * Runs `job` on a worker. Throws `TandemError('busy')` when the queue is full and
   * `TandemError('cancelled')` when `signal` aborts first.
   */
  /** Throws `TandemError('busy')` when a new job would be refused. */
  assertRoom(): void {
    if (this.running >= this.workers + this.maxQueue) {
      this.refused++;
      throw new TandemError('busy', `the job lane is full (${this.workers} workers busy, ${this.maxQueue} jobs waiting); try again in ${RETRY_AFTER_S} s`);
    }
  }

  async run<T>(job: JobRequest, opts: { readonly signal?: AbortSignal; readonly transferList?: readonly TransferListItem[] } = {}): Promise<T> {
    this.assertRoom();
    const pool = (this.pool ??= new Piscina({
      filename: jobWorkerFile(),
      minThreads: 0,
      maxThreads: this.workers,
      maxQueue: this.maxQueue,
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
    }));
    this.running++;
    try {
      const outcome = (await pool.run(job, {
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
        ...(opts.transferList === undefined ? {} : { transferList: opts.transferList as TransferListItem[] }),
      })) as JobOutcome;
      if (!outcome.ok) {
        if (outcome.invalidFile !== undefined) throw new InvalidFileError(outcome.invalidFile.summary, outcome.invalidFile.rows, outcome.invalidFile.moreRows);
        throw new TandemError(outcome.code, outcome.message);
      }
      return outcome.value as T;
    } catch (e) {
      if (opts.signal?.aborted === true) throw new TandemError('cancelled', 'the job was cancelled');
      throw e;
    } finally {
      this.running--;
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool !== null) await pool.destroy();
  }
}
