/**
 * `OverviewFeed`: keeps the store's Overview slice fresh while the Overview is on screen. It
 * polls `/api/overview` and `/api/correlation` every `intervalMs` (the figures move with every
 * trade, through the buy/sell flow, so waiting for final bars would leave them stale), and
 * refreshes at once when the timeframe, the window, the symbols or the selected pair change.
 *
 * The matrix and the lagged correlation are asked for only once the figures and the matrix
 * show enough bars (`correlatable`, `laggedReady`): the server answers 422 before that, and a
 * browser logs every 4xx as a console error, which would be noise on every fresh start.
 * @module
 */

import { parseTimeframe } from '../../../src/model/timeframe';
import type { SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import { errorMessage } from '../api/api-error';
import type { OverviewApi } from '../api/overview-client';
import { laggedMaxLag, laggedReady, resolvePair } from '../view/correlation-model';
import { selectWatchedSymbols, type DashboardState, type DashboardStore } from './dashboard-store';
import { coverageEnd, isLive, rangeContextOf } from './history-range';
import { overviewActions } from './overview-state';

/** What the feed asks for, derived from the store. */
interface Wanted {
  readonly tf: string;
  readonly window: number;
  readonly symbols: readonly string[];
  readonly pair: { readonly y: string; readonly x: string } | null;
  readonly maxLag: number;
  /** The figures' end when the data is not live (stored history, a past range); undefined for now. */
  readonly to: number | undefined;
  readonly figuresKey: string;
  readonly correlationKey: string;
  readonly laggedKey: string | null;
}

export function wantedOf(state: DashboardState): Wanted | null {
  if (!parseTimeframe(state.tf).ok) return null;
  const { tf } = state;
  const { window } = state.overview;
  const symbols = selectWatchedSymbols(state);
  const pair = resolvePair(state.overview.pair, symbols);
  const maxLag = laggedMaxLag(window);
  const to = overviewEnd(state, symbols);
  const base = `${tf}|${window}|${symbols.join(',')}|${to ?? 'now'}`;
  return {
    tf,
    window,
    symbols,
    pair,
    maxLag,
    to,
    figuresKey: base,
    correlationKey: base,
    laggedKey: pair === null ? null : `${tf}|${window}|${pair.y}|${pair.x}|${maxLag}|${to ?? 'now'}`,
  };
}

/**
 * Where the Overview's figures end: a chosen range's fixed end, else, when no symbol is live,
 * the end of the latest stored data (an import from last year shows its own last hour, not the
 * empty hour before now); undefined (now) while the feed is live.
 */
export function overviewEnd(state: DashboardState, symbols: readonly string[]): number | undefined {
  const range = state.history.range;
  if (range.kind === 'between') return range.to;
  const coverage = state.history.coverage;
  if (coverage === null || symbols.some((s) => isLive(rangeContextOf(state, [s])))) return undefined;
  // Stored ends only: a value made from the clock would change on every store update, and each
  // change is a new request (the figures' key holds it).
  const ends = symbols.flatMap((s) => (coverage[s] === undefined ? [] : [coverageEnd(coverage[s])]));
  return ends.length === 0 ? undefined : Math.max(...ends);
}

/** Bars a symbol needs in the window to take part in the correlation matrix (two returns). */
export const MIN_CORRELATION_BARS = 3;

/** The watched symbols, in order, whose figures show enough bars in the window for the matrix. */
export function correlatable(items: readonly SymbolOverviewDto[], symbols: readonly string[]): string[] {
  const bars = new Map(items.map((i) => [i.symbol, i.bars]));
  return symbols.filter((s) => (bars.get(s) ?? 0) >= MIN_CORRELATION_BARS);
}

const asOf = (w: Wanted): { to?: number } => (w.to === undefined ? {} : { to: w.to });

export class OverviewFeed {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;
  private running = false;
  /** A refresh was asked for while one ran: run another when it ends. */
  private again = false;
  private lastWanted = '';
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Pick<OverviewApi, 'overview' | 'correlation' | 'lagged'>,
    private readonly intervalMs = 3000,
  ) {}

  start(): void {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = this.store.subscribe((state) => {
      const w = wantedOf(state);
      const id = w === null ? '' : `${w.figuresKey}#${w.laggedKey ?? ''}`;
      if (id !== this.lastWanted) void this.refresh();
    });
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
  }

  /** Fetches everything the store wants now; overlapping calls collapse into one more run. */
  async refresh(): Promise<void> {
    if (this.unsubscribe === null) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const w = wantedOf(this.store.getState());
      this.lastWanted = w === null ? '' : `${w.figuresKey}#${w.laggedKey ?? ''}`;
      if (w !== null && w.symbols.length > 0) await this.fetchAll(w, abort.signal);
    } finally {
      this.running = false;
      if (this.unsubscribe !== null && !abort.signal.aborted) {
        if (this.again) {
          this.again = false;
          void this.refresh();
        } else {
          this.timer = setTimeout(() => void this.refresh(), this.intervalMs);
        }
      }
    }
  }

  private async fetchAll(w: Wanted, signal: AbortSignal): Promise<void> {
    const s = this.store;
    let items: readonly SymbolOverviewDto[];
    try {
      items = (await this.api.overview({ tf: w.tf, window: w.window, symbols: w.symbols, ...asOf(w) }, signal)).items;
    } catch (e) {
      if (!signal.aborted) overviewActions.failed(s, 'figures', w.figuresKey, errorMessage(e));
      return;
    }
    const bySymbol: Record<string, SymbolOverviewDto> = {};
    for (const item of items) bySymbol[item.symbol] = item;
    overviewActions.loaded(s, 'figures', w.figuresKey, bySymbol);
    // The matrix needs two complete rows of returns (three bars) of every symbol it names,
    // else the server answers 422: leave out symbols without them, such as an imported file's
    // symbol whose bars are from another day.
    const ready = correlatable(items, w.symbols);
    if (ready.length >= 2) await this.fetchCorrelation(w, ready, signal);
  }

  private async fetchCorrelation(w: Wanted, symbols: readonly string[], signal: AbortSignal): Promise<void> {
    const s = this.store;
    let nobs: number;
    try {
      const corr = await this.api.correlation({ symbols, tf: w.tf, window: w.window, ...asOf(w) }, signal);
      overviewActions.loaded(s, 'correlation', w.correlationKey, corr);
      nobs = corr.nobs;
    } catch (e) {
      if (!signal.aborted) overviewActions.failed(s, 'correlation', w.correlationKey, errorMessage(e));
      return;
    }
    if (w.pair === null || w.laggedKey === null || !symbols.includes(w.pair.y) || !symbols.includes(w.pair.x) || !laggedReady(nobs, w.maxLag)) return;
    try {
      const lagged = await this.api.lagged({ y: w.pair.y, x: w.pair.x, tf: w.tf, window: w.window, maxLag: w.maxLag, ...asOf(w) }, signal);
      overviewActions.loaded(s, 'lagged', w.laggedKey, lagged);
    } catch (e) {
      if (!signal.aborted) overviewActions.failed(s, 'lagged', w.laggedKey, errorMessage(e));
    }
  }
}
