/**
 * `SweepJobs`: sweeps as jobs for the API. A job is queued, runs (one at a time: each sweep
 * already uses both cores), and ends done, cancelled or failed; listeners get its progress
 * (at most every 100 ms) and its end. The last 20 finished jobs are kept for
 * `GET /api/backtest/sweep/:id`.
 * @module
 */

import { randomUUID } from 'node:crypto';
import { TandemError } from '../core/tandem-error.js';
import type { SweepResult } from './backtest-sweep.js';

export type SweepJobState = 'queued' | 'running' | 'done' | 'cancelled' | 'error';

export interface SweepJobView {
  readonly id: string;
  readonly state: SweepJobState;
  /** Runs finished and runs in all. */
  readonly done: number;
  readonly total: number;
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly result: SweepResult | null;
}

export type SweepWork = (ctx: { readonly signal: AbortSignal; readonly progress: (done: number) => void }) => Promise<SweepResult>;

interface Job {
  view: SweepJobView;
  readonly work: SweepWork;
  readonly abort: AbortController;
  readonly listeners: Set<(v: SweepJobView) => void>;
  lastPush: number;
}

const KEEP_FINISHED = 20;
const PROGRESS_EVERY_MS = 100;

export class SweepJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private running: Job | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** Queues a sweep of `total` runs; returns its first view. */
  submit(work: SweepWork, total: number): SweepJobView {
    const job: Job = {
      view: { id: randomUUID(), state: 'queued', done: 0, total, createdAt: this.now(), finishedAt: null, error: null, result: null },
      work,
      abort: new AbortController(),
      listeners: new Set(),
      lastPush: 0,
    };
    this.jobs.set(job.view.id, job);
    this.queue.push(job);
    this.pump();
    return job.view;
  }

  /** Sweeps waiting and running (at most one runs at a time), for `GET /metrics`. */
  figures(): { readonly queued: number; readonly running: number } {
    return { queued: this.queue.length, running: this.running === null ? 0 : 1 };
  }

  get(id: string): SweepJobView | null {
    return this.jobs.get(id)?.view ?? null;
  }

  /** Cancels a queued or running job; a finished one is left as it is. */
  cancel(id: string): SweepJobView {
    const job = this.jobs.get(id);
    if (job === undefined) throw new TandemError('not_found', `no sweep job '${id}'`);
    if (job.view.state === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.end(job, { state: 'cancelled' });
    } else if (job.view.state === 'running') {
      job.abort.abort();
    }
    return job.view;
  }

  /** Calls `listener` with every change of the job; returns the unsubscribe. */
  subscribe(id: string, listener: (v: SweepJobView) => void): () => void {
    const job = this.jobs.get(id);
    if (job === undefined) throw new TandemError('not_found', `no sweep job '${id}'`);
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Cancels everything (server shutdown). */
  close(): void {
    for (const j of [...this.queue]) this.cancel(j.view.id);
    this.running?.abort.abort();
  }

  private pump(): void {
    if (this.running !== null) return;
    const job = this.queue.shift();
    if (job === undefined) return;
    this.running = job;
    this.update(job, { state: 'running' }, true);
    job
      .work({
        signal: job.abort.signal,
        progress: (done) => this.update(job, { done: Math.min(done, job.view.total) }, false),
      })
      .then(
        (result) => this.end(job, { state: 'done', done: job.view.total, result }),
        (e: unknown) => {
          if (job.abort.signal.aborted) this.end(job, { state: 'cancelled' });
          else this.end(job, { state: 'error', error: e instanceof TandemError ? { code: e.code, message: e.message } : { code: 'internal', message: e instanceof Error ? e.message : String(e) } });
        },
      )
      .finally(() => {
        this.running = null;
        this.pump();
      });
  }

  private end(job: Job, change: Partial<SweepJobView>): void {
    this.update(job, { ...change, finishedAt: this.now() }, true);
    job.listeners.clear();
    const finished = [...this.jobs.values()].filter((j) => j.view.finishedAt !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(old.view.id);
  }

  private update(job: Job, change: Partial<SweepJobView>, force: boolean): void {
    job.view = { ...job.view, ...change };
    const t = this.now();
    if (!force && t - job.lastPush < PROGRESS_EVERY_MS) return;
    job.lastPush = t;
    for (const l of job.listeners) l(job.view);
  }
}
