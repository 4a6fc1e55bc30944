/**
 * What the main thread sends the job worker, and what comes back on a job's MessagePort.
 * @module
 */

import type { MessagePort } from 'node:worker_threads';

/** Ticks of one symbol over [from, to) as CSV, read from a SQLite file opened read-only. */
export interface TickCsvJob {
  readonly kind: 'tick-csv';
  readonly dbPath: string;
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
  /** Chunks go out on this port; the consumer answers each with a credit. */
  readonly port: MessagePort;
}

export type JobRequest = TickCsvJob;

/** Worker to main on a streaming job's port. */
export type StreamOut = { readonly kind: 'chunk'; readonly bytes: ArrayBuffer } | { readonly kind: 'end' };

/** Main to worker: `n` more chunks may be sent. */
export interface StreamCredit {
  readonly kind: 'credit';
  readonly n: number;
}
