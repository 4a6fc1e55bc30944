/**
 * Runs sweep tasks on worker threads (two by default: this machine has two cores). Each worker
 * gets the bars once and then one task at a time, the next as soon as it answers, so a slow
 * (method, window) does not hold up the others. Progress counts finished runs; an abort
 * terminates the workers at once and rejects with `cancelled`.
 * @module
 */

import type { Worker } from 'node:worker_threads';
import { TandemError } from '../core/tandem-error.js';
import type { SweepInit, SweepTask, SweepTaskResult, SweepWorkerIn, SweepWorkerOut } from './backtest-sweep-protocol.js';
import { startWorker } from './start-worker.js';

export interface PoolOptions {
  readonly workers?: number;
  /** Called with the number of runs just finished. */
  readonly onRuns?: (runs: number) => void;
  readonly signal?: AbortSignal;
}

export function runSweepTasks(init: SweepInit, tasks: readonly SweepTask[], opts: PoolOptions = {}): Promise<SweepTaskResult[]> {
  const count = Math.max(1, Math.min(opts.workers ?? 2, tasks.length));
  return new Promise<SweepTaskResult[]>((resolve, reject) => {
    const results = new Map<number, SweepTaskResult>();
    const workers: Worker[] = [];
    let next = 0;
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (error !== null) reject(error);
      else resolve(tasks.map((t) => results.get(t.id)!));
    };
    const onAbort = (): void => finish(new TandemError('cancelled', 'the sweep was cancelled'));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    const feed = (w: Worker): void => {
      if (next < tasks.length) w.postMessage({ kind: 'task', task: tasks[next++]! } satisfies SweepWorkerIn);
    };
    for (let i = 0; i < count; i++) {
      const w = startWorker(new URL('./backtest-sweep-worker.js', import.meta.url), null);
      workers.push(w);
      w.on('message', (m: SweepWorkerOut) => {
        if (settled) return;
        if (m.kind === 'progress') opts.onRuns?.(m.runs);
        else if (m.kind === 'error') finish(new Error(`sweep task failed: ${m.message}`));
        else {
          results.set(m.result.id, m.result);
          if (results.size === tasks.length) finish(null);
          else feed(w);
        }
      });
      w.on('error', (e) => finish(e));
      w.on('exit', () => finish(new Error('a sweep worker exited')));
      w.postMessage({ kind: 'init', init } satisfies SweepWorkerIn);
      feed(w);
    }
    if (tasks.length === 0) finish(null);
  });
}
