/**
 * `ScreenerSchedule`: the live screener of `tandem serve --screen-every <s>`. Every interval it
 * screens the stored universe with the default parameters on the job lane (`screener-job.ts`)
 * and tells its listeners (the `screener` WebSocket channel, the `screener_entry` alert rules)
 * of each new ranking. A run never overlaps the previous one; a failed run is logged and the
 * next one tries again; with fewer than 2 symbols of enough bars nothing is published. The last
 * ranking is kept so `GET /api/screener` with the same parameters answers it without a job.
 * @module
 */

import { componentLogger } from '../core/logger.js';
import { sameScreenerParams, type ScreenerParams, type ScreenerRanking } from '../model/screener-ranking.js';

const log = componentLogger('screener');

export interface ScreenerScheduleOptions {
  /** Seconds between runs; 0 disables the schedule. */
  readonly everyS: number;
  /** Delay of the first run (default 2 s: start-up and backfill first). */
  readonly firstDelayMs?: number;
  readonly now?: () => number;
}

export interface CachedRanking {
  readonly ranking: ScreenerRanking;
  readonly params: ScreenerParams;
  /** When the run finished, epoch ms. */
  readonly at: number;
}

export class ScreenerSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private last: CachedRanking | null = null;
  private readonly listeners = new Set<(r: ScreenerRanking) => void>();
  private readonly now: () => number;

  constructor(
    private readonly run: (p: ScreenerParams) => Promise<ScreenerRanking>,
    readonly params: ScreenerParams,
    private readonly opts: ScreenerScheduleOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.opts.everyS > 0;
  }

  start(): void {
    if (this.enabled) this.arm(this.opts.firstDelayMs ?? 2000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    await this.running;
  }

  /** Told of every published ranking; returns the unsubscribe function. */
  onRanking(listener: (r: ScreenerRanking) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest published ranking, or null. */
  latest(): CachedRanking | null {
    return this.last;
  }

  /**
   * The latest ranking when it was made with `params` and is fresh (at most two intervals old,
   * so one late run does not send every request to the job lane); else null.
   */
  cached(params: ScreenerParams): ScreenerRanking | null {
    const c = this.last;
    if (c === null || !this.enabled) return null;
    return sameScreenerParams(c.params, params) && this.now() - c.at <= 2 * this.opts.everyS * 1000 ? c.ranking : null;
  }

  /** One run now (the schedule calls it; tests may too). */
  async runOnce(): Promise<ScreenerRanking | null> {
    try {
      const ranking = await this.run(this.params);
      if (this.stopped || ranking.symbols.length < 2) return null;
      this.last = { ranking, params: this.params, at: this.now() };
      for (const l of this.listeners) l(ranking);
      return ranking;
    } catch (e) {
      // A run cut short by shutdown (the job lane closing) is not worth reporting.
      if (!this.stopped) log.error({ err: e }, `screener run failed: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce().then(
        () => undefined,
        () => undefined,
      ).finally(() => {
        this.running = null;
        this.arm(this.opts.everyS * 1000);
      });
    }, ms);
    this.timer.unref();
  }
}
