/**
 * `PgTickWriter`: the live path's tick writer on PostgreSQL. A batch that fails because the
 * server cannot be reached (refused, reset, terminated, admin shutdown) is retried with a
 * doubling backoff for up to `maxWaitMs`, so a database restart or a network blip delays ticks
 * instead of dropping them; the engine's `BatchWriter` keeps buffering meanwhile and batches
 * stay in order. Retrying a batch whose commit did happen is harmless: its ticks conflict and
 * are skipped (counted as duplicates). A bad batch (`TandemError`) or any other error is not
 * retried.
 * @module
 */

import { componentLogger } from '../../core/logger.js';
import { TandemError } from '../../core/tandem-error.js';
import type { Tick } from '../../model/tick.js';
import type { TickWriter } from '../market-stores.js';
import type { AppendResult } from '../tick-store.js';

const log = componentLogger('store');

export interface PgTickWriterOptions {
  /** Give up on a batch after this long (default 60 s). */
  readonly maxWaitMs?: number;
  /** First pause between attempts, doubled up to 5 s (default 100 ms). */
  readonly firstBackoffMs?: number;
  readonly warn?: (message: string) => void;
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);

/** True for failures of reaching the server rather than of the statement. */
export function isTransientPgError(e: unknown): boolean {
  if (e instanceof TandemError || !(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message);
}

export class PgTickWriter implements TickWriter {
  private readonly maxWaitMs: number;
  private readonly firstBackoffMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    private readonly write: (ticks: readonly Tick[]) => Promise<AppendResult>,
    opts: PgTickWriterOptions = {},
  ) {
    this.maxWaitMs = opts.maxWaitMs ?? 60_000;
    this.firstBackoffMs = opts.firstBackoffMs ?? 100;
    this.warn = opts.warn ?? ((m) => log.warn(m));
  }

  async append(ticks: readonly Tick[]): Promise<AppendResult> {
    const started = Date.now();
    let pause = this.firstBackoffMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.write(ticks);
        if (attempt > 1) this.warn(`PostgreSQL reachable again: a batch of ${ticks.length} ticks committed after ${attempt} attempts`);
        return r;
      } catch (e) {
        if (!isTransientPgError(e) || Date.now() - started + pause > this.maxWaitMs) throw e;
        if (attempt === 1) this.warn(`PostgreSQL unreachable (${(e as Error).message}); retrying a batch of ${ticks.length} ticks for up to ${this.maxWaitMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 5_000);
      }
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
