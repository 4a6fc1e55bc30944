/**
 * The dashboard's one store (zustand, vanilla so that non-React modules such as `LiveFeed`
 * use it too). It holds plain data and the transitions between states; I/O lives in
 * `live-feed.ts` and `ingestion-actions.ts`, and views read it through `view/` functions.
 * @module
 */

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BarDto, SourceKind, Status } from '../../../src/server/dto/api-schemas';
import type { ConnectionState } from '../api/stream-client';
import { mergeBars } from './bar-list';

/** Default symbols of the symbols field: the simulator's basket. */
export const DEFAULT_SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'] as const;
/** Bars kept per series; older ones are dropped as live bars arrive. */
export const MAX_SERIES_BARS = 20_000;

/** The bars of one symbol at the selected timeframe. */
export interface SeriesState {
  readonly symbol: string;
  readonly tf: string;
  readonly phase: 'loading' | 'ready' | 'error';
  readonly error: string | null;
  /** Ascending by start, one bar per start (see bar-list.ts). */
  readonly bars: readonly BarDto[];
  /** Bumped whenever `bars` is replaced wholesale (a history load), so a chart redraws with setData. */
  readonly generation: number;
}

export type TabId = 'overview';

export interface DashboardState {
  readonly connection: ConnectionState;
  readonly status: Status | null;
  /** Server clock minus browser clock, ms, from the last status; history windows use server time. */
  readonly clockOffsetMs: number;
  readonly source: SourceKind;
  readonly symbolsInput: string;
  readonly symbolsError: string | null;
  /** The symbols of the last Start (or the defaults); shown while the server reports none. */
  readonly requestedSymbols: readonly string[];
  /** The selected timeframe, canonical label (`1s`, `250ms`). */
  readonly tf: string;
  readonly selectedSymbol: string | null;
  /** Series of the selected timeframe, by symbol. */
  readonly series: Readonly<Record<string, SeriesState>>;
  readonly ingestion: { readonly pending: 'start' | 'stop' | null; readonly error: string | null };
  /** The last `error` message from the stream, until a later subscription succeeds. */
  readonly streamError: string | null;
  /** Start (epoch ms) of the bar under the chart's crosshair, or null. */
  readonly hoverStart: number | null;
  readonly tab: TabId;
}

export const initialDashboardState: DashboardState = {
  connection: { phase: 'connecting', attempt: 0, retryAt: null },
  status: null,
  clockOffsetMs: 0,
  source: 'simulator',
  symbolsInput: DEFAULT_SYMBOLS.join(','),
  symbolsError: null,
  requestedSymbols: DEFAULT_SYMBOLS,
  tf: '1s',
  selectedSymbol: DEFAULT_SYMBOLS[0],
  series: {},
  ingestion: { pending: null, error: null },
  streamError: null,
  hoverStart: null,
  tab: 'overview',
};

export const createDashboardStore = (initial: DashboardState = initialDashboardState) => createStore<DashboardState>()(() => initial);
export type DashboardStore = ReturnType<typeof createDashboardStore>;

/** The application's store. */
export const dashboardStore = createDashboardStore();

/** React hook: a slice of the application's store. Selectors that build arrays need `useShallow`. */
export function useDashboard<T>(selector: (state: DashboardState) => T): T {
  return useStore(dashboardStore, selector);
}

/** The symbols on screen: what the server is ingesting, else what the user last asked for. */
export function selectWatchedSymbols(state: DashboardState): readonly string[] {
  const live = state.status?.symbols.map((s) => s.symbol) ?? [];
  return live.length > 0 ? live : state.requestedSymbols;
}

/** State transitions. Each takes the store, so tests can run them on a fresh one. */
export const actions = {
  setConnection(store: DashboardStore, connection: ConnectionState): void {
    store.setState({ connection });
  },

  setStatus(store: DashboardStore, status: Status, receivedAt: number): void {
    store.setState((s) => {
      const symbols = status.symbols.map((x) => x.symbol);
      const selected = s.selectedSymbol !== null && (symbols.length === 0 || symbols.includes(s.selectedSymbol)) ? s.selectedSymbol : (symbols[0] ?? s.selectedSymbol);
      return { status, clockOffsetMs: status.serverTime - receivedAt, selectedSymbol: selected };
    });
  },

  setSource(store: DashboardStore, source: SourceKind): void {
    store.setState({ source });
  },

  setSymbolsInput(store: DashboardStore, symbolsInput: string): void {
    store.setState({ symbolsInput, symbolsError: null });
  },

  setSymbolsError(store: DashboardStore, symbolsError: string | null): void {
    store.setState({ symbolsError });
  },

  setRequestedSymbols(store: DashboardStore, requestedSymbols: readonly string[]): void {
    store.setState((s) => ({
      requestedSymbols,
      selectedSymbol: s.selectedSymbol !== null && requestedSymbols.includes(s.selectedSymbol) ? s.selectedSymbol : (requestedSymbols[0] ?? null),
    }));
  },

  setTimeframe(store: DashboardStore, tf: string): void {
    if (store.getState().tf === tf) return;
    store.setState({ tf, series: {}, hoverStart: null });
  },

  selectSymbol(store: DashboardStore, symbol: string): void {
    store.setState({ selectedSymbol: symbol, hoverStart: null });
  },

  seriesLoading(store: DashboardStore, symbol: string, tf: string): void {
    store.setState((s) => {
      const prev = s.series[symbol];
      // Keep the bars on screen while they reload (after a reconnect), so nothing flickers.
      const keep = prev !== undefined && prev.tf === tf;
      const next: SeriesState = { symbol, tf, phase: 'loading', error: null, bars: keep ? prev.bars : [], generation: keep ? prev.generation : 0 };
      return { series: { ...s.series, [symbol]: next } };
    });
  },

  seriesLoaded(store: DashboardStore, symbol: string, tf: string, bars: readonly BarDto[]): void {
    store.setState((s) => {
      const prev = s.series[symbol];
      const next: SeriesState = { symbol, tf, phase: 'ready', error: null, bars, generation: (prev?.generation ?? 0) + 1 };
      return { series: { ...s.series, [symbol]: next } };
    });
  },

  seriesFailed(store: DashboardStore, symbol: string, tf: string, error: string): void {
    store.setState((s) => {
      const prev = s.series[symbol];
      const next: SeriesState = { symbol, tf, phase: 'error', error, bars: prev?.bars ?? [], generation: prev?.generation ?? 0 };
      return { series: { ...s.series, [symbol]: next } };
    });
  },

  /** Live bars for the `tf` series, by symbol; ignored for series that are not ready. */
  applyBars(store: DashboardStore, tf: string, updates: ReadonlyMap<string, readonly BarDto[]>): void {
    store.setState((s) => {
      if (s.tf !== tf) return {};
      let series: Record<string, SeriesState> | null = null;
      for (const [symbol, bars] of updates) {
        const prev = s.series[symbol];
        if (prev === undefined || prev.phase !== 'ready' || prev.tf !== tf) continue;
        series ??= { ...s.series };
        series[symbol] = { ...prev, bars: mergeBars(prev.bars, bars, MAX_SERIES_BARS) };
      }
      return series === null ? {} : { series };
    });
  },

  dropSeries(store: DashboardStore, symbols: readonly string[]): void {
    store.setState((s) => {
      const series = { ...s.series };
      for (const symbol of symbols) delete series[symbol];
      return { series };
    });
  },

  setIngestion(store: DashboardStore, ingestion: DashboardState['ingestion']): void {
    store.setState({ ingestion });
  },

  setStreamError(store: DashboardStore, streamError: string | null): void {
    store.setState({ streamError });
  },

  setHover(store: DashboardStore, hoverStart: number | null): void {
    if (store.getState().hoverStart !== hoverStart) store.setState({ hoverStart });
  },

  setTab(store: DashboardStore, tab: TabId): void {
    store.setState({ tab });
  },
};
