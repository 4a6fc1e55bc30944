/**
 * `RetentionSchedule`: `tandem serve --retain-ticks <horizon>` runs retention once shortly
 * after start (default 30 s, so start-up and backfill go first) and then every 10 minutes. A
 * run never overlaps the previous one; a failed run is reported and the next one tries again.
 * @module
 */

import { componentLogger } from '../../core/logger.js';
import type { RetentionResult } from './retention-result.js';

const log = componentLogger('retention');

export interface RetentionScheduleOptions {
  /** Default 30 s. */
  readonly firstDelayMs?: number;
  /** Default 10 min. */
  readonly intervalMs?: number;
  /** Told of every run that deleted something. */
  readonly onResult?: (r: RetentionResult) => void;
  readonly onError?: (e: unknown) => void;
}

export class RetentionSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<RetentionResult>,
    private readonly opts: RetentionScheduleOptions = {},
  ) {}

  start(): void {
    this.arm(this.opts.firstDelayMs ?? 30_000);
  }

  /** Stops the timer and waits for a run under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.once().finally(() => {
        this.running = null;
        this.arm(this.opts.intervalMs ?? 600_000);
      });
    }, ms);
    this.timer.unref();
  }

  private async once(): Promise<void> {
    try {
      const r = await this.run();
      if (r.deleted > 0) this.opts.onResult?.(r);
    } catch (e) {
      // A run cut short by shutdown (the job lane closing) is not a failure worth reporting.
      if (this.stopped) return;
      (this.opts.onError ?? ((err: unknown) => log.error({ err }, `tick retention failed: ${err instanceof Error ? err.message : String(err)}`)))(e);
    }
  }
}
