/**
 * What the main thread sends the job worker, and what comes back on a job's MessagePort.
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import type { BarHistoryQuery } from '../engine/bar-history.js';
import type { TimeframeSpec } from '../model/timeframe.js';

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

/** `queryBarHistory` on a read-only connection to the SQLite file; answers the bars. */
export interface BarHistoryJob {
  readonly kind: 'bar-history';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly query: BarHistoryQuery;
  readonly now: number;
}

/** Deletes the ticks before `cutoff` from a SQLite file, in batches (`retention/`); answers a `RetentionResult`. */
export interface TickRetentionJob {
  readonly kind: 'tick-retention';
  readonly dbPath: string;
  readonly cutoff: number;
  readonly batchRows: number;
}

export type JobRequest = TickCsvJob | BarHistoryJob | TickRetentionJob;

/** Worker to main on a streaming job's port. */
export type StreamOut = { readonly kind: 'chunk'; readonly bytes: ArrayBuffer } | { readonly kind: 'end' };

/** Main to worker: `n` more chunks may be sent. */
export interface StreamCredit {
  readonly kind: 'credit';
  readonly n: number;
}

/** What the worker answers: the job's value, or an expected failure's code and message. */
export type JobOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: string; readonly message: string };
