/**
 * `PairTestsThread`: runs `computePairTests` on a worker thread, so ADF, Engle-Granger and
 * Hurst over thousands of bars never hold up ingestion on the main thread. Requests are
 * answered in order; their arrays are transferred, not copied. The worker starts on the
 * first request.
 * @module
 */

import type { Worker } from 'node:worker_threads';
import type { PairTests, PairTestsRequest } from './pair-tests.js';
import { startWorker } from './start-worker.js';

export type PairTestsMessage = { readonly kind: 'run'; readonly id: number; readonly request: PairTestsRequest } | { readonly kind: 'close' };
export type PairTestsReply = { readonly id: number; readonly ok: true; readonly tests: PairTests; readonly ms: number } | { readonly id: number; readonly ok: false; readonly error: string };

export interface TimedPairTests {
  readonly tests: PairTests;
  /** Time the worker spent computing them. */
  readonly ms: number;
}

export class PairTestsThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (r: TimedPairTests) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;

  /** Computes the tests on the worker; the request's arrays are transferred (unusable afterwards). */
  run(request: PairTestsRequest): Promise<TimedPairTests> {
    if (this.closed) return Promise.reject(new Error('PairTestsThread: run after close'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<TimedPairTests>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // Keep the process alive while an answer is due, and only then.
      worker.ref();
      const buffers = [request.start, request.y, request.x, request.spread].map((a) => a.buffer as ArrayBuffer);
      worker.postMessage({ kind: 'run', id, request } satisfies PairTestsMessage, [...new Set(buffers)]);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (worker === null) return;
    await worker.terminate();
    this.fail(new Error('PairTestsThread closed'));
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = startWorker(new URL('./pair-tests-worker.js', import.meta.url), null);
    worker.unref();
    worker.on('message', (reply: PairTestsReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) w?.resolve({ tests: reply.tests, ms: reply.ms });
      else w?.reject(new Error(`pair tests failed: ${reply.error}`));
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', () => {
      this.worker = null;
      this.fail(new Error('the pair-tests worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}
