/**
 * The dashboard's one store (zustand, vanilla so that non-React modules such as `LiveFeed`
 * use it too). It holds plain data and the transitions between states; I/O lives in
 * `live-feed.ts` and `ingestion-actions.ts`, and views read it through `view/` functions.
 * @module
 */

import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BarDto, ImportResult, IngestionStartBody, SourceKind, Status } from '../../../src/server/dto/api-schemas';
import type { ConnectionState } from '../api/stream-client';
import type { BadRow, UploadProgress } from '../api/upload-client';
import { mergeBars } from './bar-list';
import { initialOverviewState, type OverviewState } from './overview-state';
import { initialPairTabState, type PairTabState } from './pair-tab-state';
import { initialAlertsState, type AlertsState } from './alert-state';
import { initialBacktestTabState, type BacktestTabState } from './backtest-tab-state';
import { initialScreenerState, type ScreenerState } from './screener-state';
import { initialStrategiesState, type StrategiesState } from './strategy-state';
import { LATEST_RANGE, rangeContextOf, widenRange, type Coverage, type HistoryRange } from './history-range';

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

export type TabId = 'overview' | 'export' | 'pair' | 'screener' | 'backtest' | 'alerts';

export type ReplaySpeed = NonNullable<IngestionStartBody['speed']>;
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = ['1x', '10x', '100x', 'max'];

/** Replay plays a file on the server's machine (`path`), or uploads one from the browser into the store (`upload`). */
export type ReplayMode = 'path' | 'upload';

/** The sidebar's two uploads: a tick file (Replay → upload) and an OHLC CSV. */
export type UploadKind = 'ticks' | 'ohlc';

/** One upload, from choosing the file to the server's answer. */
export interface UploadState {
  /** `uploading` while bytes go out, `storing` once all are sent and the server validates and writes. */
  readonly phase: 'idle' | 'uploading' | 'storing' | 'done' | 'error';
  readonly file: File | null;
  readonly loaded: number;
  readonly total: number | null;
  readonly result: ImportResult | null;
  readonly error: string | null;
  /** The rejected file's bad rows as the server listed them, and how many it left out. */
  readonly badRows: readonly BadRow[];
  readonly moreRows: number;
}

export const IDLE_UPLOAD: UploadState = { phase: 'idle', file: null, loaded: 0, total: null, result: null, error: null, badRows: [], moreRows: 0 };

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
  /**
   * Symbols of OHLC imports: the server lists symbols with stored ticks, and bars imported
   * without ticks would otherwise have no card and no chart.
   */
  readonly importedSymbols: readonly string[];
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
  /** The Replay source's form. `symbol` is the file's one symbol (a Binance dump has none of its own). */
  readonly replay: { readonly mode: ReplayMode; readonly path: string; readonly speed: ReplaySpeed; readonly symbol: string };
  /** The OHLC upload's form. */
  readonly ohlc: { readonly symbol: string; readonly tf: string };
  readonly uploads: Readonly<Record<UploadKind, UploadState>>;
  /**
   * Bumped when stored history changed under the charts (an import, a replay that finished),
   * so the live feed reloads every series.
   */
  readonly historyRevision: number;
  /**
   * The range of history every tab shows (history-range.ts), and the stored bars' coverage
   * per symbol at 1m (null until the first `GET /api/coverage` answers).
   */
  readonly history: { readonly range: HistoryRange; readonly coverage: Coverage | null };
  /** The Overview's window, server figures and correlation views (overview-state.ts). */
  readonly overview: OverviewState;
  /** The Pair Analytics tab (pair-tab-state.ts; transitions in pair-actions.ts). */
  readonly pair: PairTabState;
  /** The Backtest tab (backtest-tab-state.ts; transitions in backtest-actions.ts). */
  readonly backtest: BacktestTabState;
  /** The Screener tab: controls, order, fetched and live rankings (screener-state.ts). */
  readonly screener: ScreenerState;
  /** Paper strategies (strategy-state.ts; I/O in strategy-feed.ts). */
  readonly strategies: StrategiesState;
  /** Alert rules, recent events, toasts and notification permission (alert-state.ts; transitions in alert-actions.ts). */
  readonly alerts: AlertsState;
}

export const initialDashboardState: DashboardState = {
  connection: { phase: 'connecting', attempt: 0, retryAt: null },
  status: null,
  clockOffsetMs: 0,
  source: 'simulator',
  symbolsInput: DEFAULT_SYMBOLS.join(','),
  symbolsError: null,
  requestedSymbols: DEFAULT_SYMBOLS,
  importedSymbols: [],
  tf: '1s',
  selectedSymbol: DEFAULT_SYMBOLS[0],
  series: {},
  ingestion: { pending: null, error: null },
  streamError: null,
  hoverStart: null,
  tab: 'overview',
  replay: { mode: 'path', path: '', speed: 'max', symbol: '' },
  ohlc: { symbol: 'BTCUSDT', tf: '1m' },
  uploads: { ticks: IDLE_UPLOAD, ohlc: IDLE_UPLOAD },
  historyRevision: 0,
  history: { range: LATEST_RANGE, coverage: null },
  overview: initialOverviewState,
  pair: initialPairTabState,
  backtest: initialBacktestTabState,
  screener: initialScreenerState,
  strategies: initialStrategiesState,
  alerts: initialAlertsState,
};

export const createDashboardStore = (initial: DashboardState = initialDashboardState) => createStore<DashboardState>()(() => initial);
export type DashboardStore = ReturnType<typeof createDashboardStore>;

/** The application's store. */
export const dashboardStore = createDashboardStore();

/** React hook: a slice of the application's store. Selectors that build arrays need `useShallow`. */
export function useDashboard<T>(selector: (state: DashboardState) => T): T {
  return useStore(dashboardStore, selector);
}

/**
 * Most symbols the Overview shows cards for (each card is a live bar subscription and a history
 * load). The whole USD-M universe is ~300 symbols: the first of the server's list (exchangeInfo's
 * order, the oldest listings first) are shown, with the selected symbol added when it is beyond;
 * the data-quality panel lists them all.
 */
export const MAX_WATCHED_SYMBOLS = 24;

/**
 * The symbols on screen: what the server is ingesting or has stored (at most
 * `MAX_WATCHED_SYMBOLS`, and the selected one), else what the user last asked for; then any
 * OHLC-imported symbols not among them.
 */
export function selectWatchedSymbols(state: DashboardState): readonly string[] {
  const live = state.status?.symbols.map((s) => s.symbol) ?? [];
  let base = live.length > 0 ? live : state.requestedSymbols;
  if (base.length > MAX_WATCHED_SYMBOLS) {
    const selected = state.selectedSymbol;
    const first = base.slice(0, MAX_WATCHED_SYMBOLS);
    base = selected !== null && base.includes(selected) && !first.includes(selected) ? [...first, selected] : first;
  }
  const extra = state.importedSymbols.filter((s) => !base.includes(s));
  return extra.length === 0 ? base : [...base, ...extra];
}

/** State transitions. Each takes the store, so tests can run them on a fresh one. */
export const actions = {
  setConnection(store: DashboardStore, connection: ConnectionState): void {
    store.setState({ connection });
  },

  setStatus(store: DashboardStore, status: Status, receivedAt: number): void {
    store.setState((s) => {
      const symbols = status.symbols.map((x) => x.symbol);
      const keep = s.selectedSymbol !== null && (symbols.length === 0 || symbols.includes(s.selectedSymbol) || s.importedSymbols.includes(s.selectedSymbol));
      const selected = keep ? s.selectedSymbol : (symbols[0] ?? s.selectedSymbol);
      // A replay that just finished has stored its last bars as final: reload the charts.
      const finished = status.playback?.state === 'done' && s.status?.playback?.state !== 'done' && s.status !== null;
      return { status, clockOffsetMs: status.serverTime - receivedAt, selectedSymbol: selected, ...(finished ? { historyRevision: s.historyRevision + 1 } : {}) };
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

  setReplay(store: DashboardStore, patch: Partial<DashboardState['replay']>): void {
    store.setState((s) => ({ replay: { ...s.replay, ...patch }, ingestion: { ...s.ingestion, error: null } }));
  },

  setOhlcForm(store: DashboardStore, patch: Partial<DashboardState['ohlc']>): void {
    store.setState((s) => ({ ohlc: { ...s.ohlc, ...patch } }));
  },

  /** A newly chosen file clears the last upload's outcome. */
  chooseFile(store: DashboardStore, kind: UploadKind, file: File | null): void {
    store.setState((s) => ({ uploads: { ...s.uploads, [kind]: { ...IDLE_UPLOAD, file } } }));
  },

  uploadStarted(store: DashboardStore, kind: UploadKind): void {
    store.setState((s) => ({ uploads: { ...s.uploads, [kind]: { ...IDLE_UPLOAD, file: s.uploads[kind].file, phase: 'uploading' } } }));
  },

  uploadProgress(store: DashboardStore, kind: UploadKind, p: UploadProgress): void {
    store.setState((s) => {
      const prev = s.uploads[kind];
      if (prev.phase !== 'uploading') return {};
      // Every byte sent: the server now validates and writes the file before it answers.
      const phase = p.total !== null && p.loaded >= p.total ? 'storing' : 'uploading';
      return { uploads: { ...s.uploads, [kind]: { ...prev, phase, loaded: p.loaded, total: p.total } } };
    });
  },

  uploadDone(store: DashboardStore, kind: UploadKind, result: ImportResult): void {
    store.setState((s) => {
      const prev = s.uploads[kind];
      return { uploads: { ...s.uploads, [kind]: { ...prev, phase: 'done', loaded: prev.total ?? prev.loaded, result } } };
    });
  },

  uploadFailed(store: DashboardStore, kind: UploadKind, error: string, badRows: readonly BadRow[] = [], moreRows = 0): void {
    store.setState((s) => ({ uploads: { ...s.uploads, [kind]: { ...s.uploads[kind], phase: 'error', error, badRows, moreRows } } }));
  },

  addImportedSymbol(store: DashboardStore, symbol: string): void {
    store.setState((s) => (s.importedSymbols.includes(symbol) ? {} : { importedSymbols: [...s.importedSymbols, symbol] }));
  },

  /** The range every tab shows; the feeds reload on a change. */
  setRange(store: DashboardStore, range: HistoryRange): void {
    store.setState((s) => (JSON.stringify(s.history.range) === JSON.stringify(range) ? {} : { history: { ...s.history, range } }));
  },

  /** The user scrolled or zoomed out past the first point of `symbols`' chart: load more (history-range.ts). */
  widenRange(store: DashboardStore, symbols: readonly string[], loaded: { first: number; last: number }): void {
    const s = store.getState();
    actions.setRange(store, widenRange(s.history.range, loaded, rangeContextOf(s, symbols)));
  },

  setCoverage(store: DashboardStore, coverage: Coverage): void {
    store.setState((s) => ({ history: { ...s.history, coverage } }));
  },

  /** Stored history changed: every chart reloads it. */
  reloadHistory(store: DashboardStore): void {
    store.setState((s) => ({ historyRevision: s.historyRevision + 1 }));
  },
};
