/**
 * `LiveFeed`: keeps the store's bar series in step with the server, for the watched symbols
 * at the selected timeframe.
 *
 * For each series it subscribes first, waits for the acknowledgement, buffers the live bars
 * that arrive meanwhile, loads recent history over REST, and then joins the two (bar-list's
 * `joinHistory`), so there is neither a gap nor a duplicate between history and live data.
 * After a reconnect it reloads every series, because bars may have been missed while the
 * socket was down. Live bars reach the store in batches, one store update for many messages,
 * so a busy feed does not re-render per message: by default once per animation frame (the
 * chart cannot show more), with a 250 ms timer behind it because a hidden tab gets no frames.
 * Waiting a fixed 50 ms instead added up to 50 ms to every tick's way to the chart
 * (docs/reliability.md, tick-to-chart latency).
 * @module
 */

import type { BarDto } from '../../../src/server/dto/api-schemas';
import type { ServerMessage } from '../../../src/server/dto/stream-messages';
import { parseTimeframe } from '../../../src/model/timeframe';
import { errorMessage } from '../api/api-error';
import type { api as httpApi } from '../api/http-client';
import type { ConnectionState, StreamClient } from '../api/stream-client';
import { joinHistory } from './bar-list';
import { actions, MAX_SERIES_BARS, selectWatchedSymbols, type DashboardStore } from './dashboard-store';
import { rangeContextOf, resolveRange, viewportPoints } from './history-range';

/** How much history a chart starts with: about two hours, at least 300 and at most 5000 bars. */
export function historyBarCount(tfMs: number): number {
  return Math.min(5000, Math.max(300, Math.ceil((2 * 3_600_000) / tfMs)));
}

/**
 * Where a chart's history window starts: `n` bars back from the symbol's last stored tick
 * when that is older than now (an imported or replayed file from last year), else from now.
 * Anchoring at "now" alone would show an empty chart for any file not from the last hours.
 */
export function historyFrom(serverNow: number, lastTickTs: number | null | undefined, n: number, tfMs: number): number {
  const anchor = lastTickTs === null || lastTickTs === undefined ? serverNow : Math.min(serverNow, lastTickTs + tfMs);
  return Math.max(0, Math.floor(anchor - n * tfMs));
}

export const barsChannel = (symbol: string, tf: string): string => `bars:${symbol}:${tf}`;

/** `bars:<symbol>:<tf>` → its parts, or null for other channels. */
export function parseBarsChannel(channel: string): { symbol: string; tf: string } | null {
  const m = /^bars:([^:]+):([^:]+)$/.exec(channel);
  return m ? { symbol: m[1] as string, tf: m[2] as string } : null;
}

/** Runs `fn` once: on the next animation frame (or after 250 ms, whichever is first), or after `ms`. */
function schedule(fn: () => void, ms: number | 'frame'): { cancel(): void } {
  if (ms !== 'frame' || typeof requestAnimationFrame !== 'function') {
    const t = setTimeout(fn, ms === 'frame' ? 16 : ms);
    return { cancel: () => clearTimeout(t) };
  }
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(backstop);
    fn();
  };
  const frame = requestAnimationFrame(once);
  const backstop = setTimeout(once, 250);
  return {
    cancel: () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(backstop);
    },
  };
}

interface Load {
  readonly id: number;
  readonly abort: AbortController;
  /** Live bars received while history loads; null once the series is live. */
  buffer: BarDto[] | null;
  /** `subscribing` until the server acknowledged the channel (or the wait timed out). */
  stage: 'subscribing' | 'fetching' | 'done';
  /** The range ends at fixed dates: live bars are not part of it. */
  closed: boolean;
}

type Stream = Pick<StreamClient, 'subscribe' | 'unsubscribe' | 'start' | 'stop'>;
type Api = Pick<typeof httpApi, 'bars'>;

export class LiveFeed {
  private stream: Stream | null = null;
  private tf: string | null = null;
  private symbols: readonly string[] = [];
  private historyRevision = 0;
  private rangeKey = '';
  private coverageSeen = false;
  private readonly loads = new Map<string, Load>();
  private loadSeq = 0;
  private readonly pending = new Map<string, Map<number, BarDto>>();
  private flushTimer: { cancel(): void } | null = null;
  private unsubscribeStore: (() => void) | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Api,
    /** `frame`: flush on the next animation frame; a number: after that many ms (tests use 0). */
    private readonly flushMs: number | 'frame' = 'frame',
  ) {}

  /** Starts the stream and follows the store's watched symbols and timeframe. */
  start(stream: Stream): void {
    this.stream = stream;
    void stream.subscribe(['status']);
    stream.start();
    this.unsubscribeStore = this.store.subscribe(() => this.sync());
    this.sync();
  }

  stop(): void {
    this.unsubscribeStore?.();
    for (const load of this.loads.values()) load.abort.abort();
    this.loads.clear();
    this.flushTimer?.cancel();
    this.flushTimer = null;
    this.stream?.stop();
  }

  onConnection(connection: ConnectionState): void {
    actions.setConnection(this.store, connection);
    if (connection.phase !== 'open' || this.tf === null) return;
    // Bars published while no socket was subscribed are lost to this client: reload every
    // series whose history was fetched before this socket's subscription. Loads still
    // waiting for their acknowledgement will get it on this socket and need nothing.
    for (const symbol of this.symbols) {
      if (this.loads.get(symbol)?.stage !== 'subscribing') void this.load(symbol, this.tf);
    }
  }

  onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'status':
        actions.setStatus(this.store, message.status, Date.now());
        return;
      case 'bar':
        this.onBar(message.bar);
        return;
      case 'error':
        actions.setStreamError(this.store, `${message.error.message} (${message.error.code})`);
        return;
      case 'subscribed':
        if (message.channels.some((c) => c.startsWith('bars:'))) actions.setStreamError(this.store, null);
        return;
      case 'unsubscribed':
        return;
    }
  }

  private onBar(bar: BarDto): void {
    if (bar.tf !== this.tf) return;
    const load = this.loads.get(bar.symbol);
    if (load === undefined) return;
    if (load.closed) return;
    if (load.buffer !== null) {
      load.buffer.push(bar);
      return;
    }
    let bySymbol = this.pending.get(bar.symbol);
    if (bySymbol === undefined) this.pending.set(bar.symbol, (bySymbol = new Map()));
    bySymbol.set(bar.start, bar);
    this.flushTimer ??= schedule(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.tf === null || this.pending.size === 0) return;
    const updates = new Map<string, BarDto[]>();
    for (const [symbol, bars] of this.pending) updates.set(symbol, [...bars.values()]);
    this.pending.clear();
    actions.applyBars(this.store, this.tf, updates);
  }

  /** Follows changes of the watched symbols and the timeframe. */
  private sync(): void {
    const state = this.store.getState();
    const symbols = selectWatchedSymbols(state);
    const tf = state.tf;
    const rangeKey = JSON.stringify(state.history.range);
    const reload = state.historyRevision !== this.historyRevision || rangeKey !== this.rangeKey;
    this.historyRevision = state.historyRevision;
    this.rangeKey = rangeKey;
    // The first coverage tells where data without ticks (imported klines) ends: series that
    // came back empty for want of it load again.
    if (!this.coverageSeen && state.history.coverage !== null) {
      this.coverageSeen = true;
      const empty = symbols.filter((sym) => state.series[sym]?.phase === 'ready' && state.series[sym]?.bars.length === 0);
      if (tf === this.tf && empty.length > 0 && !reload) for (const symbol of empty) void this.load(symbol, tf);
    }
    if (tf === this.tf && symbols.join(',') === this.symbols.join(',')) {
      if (reload) for (const symbol of symbols) void this.load(symbol, tf);
      return;
    }
    const previousTf = this.tf;
    const before = this.symbols;
    this.tf = tf;
    this.symbols = symbols;
    if (tf !== previousTf) {
      this.release(before, previousTf);
      for (const symbol of symbols) void this.load(symbol, tf);
      return;
    }
    const removed = before.filter((s) => !symbols.includes(s));
    this.release(removed, previousTf);
    actions.dropSeries(this.store, removed);
    for (const symbol of symbols) if (reload || !before.includes(symbol)) void this.load(symbol, tf);
  }

  private release(symbols: readonly string[], tf: string | null): void {
    if (tf === null || symbols.length === 0) return;
    this.stream?.unsubscribe(symbols.map((s) => barsChannel(s, tf)));
    for (const symbol of symbols) {
      this.loads.get(symbol)?.abort.abort();
      this.loads.delete(symbol);
      this.pending.delete(symbol);
    }
  }

  private async load(symbol: string, tf: string): Promise<void> {
    const stream = this.stream;
    if (stream === null) return;
    this.loads.get(symbol)?.abort.abort();
    const load: Load = { id: ++this.loadSeq, abort: new AbortController(), buffer: [], stage: 'subscribing', closed: false };
    this.loads.set(symbol, load);
    this.pending.delete(symbol);
    const current = () => this.loads.get(symbol) === load && this.tf === tf;
    actions.seriesLoading(this.store, symbol, tf);
    try {
      const spec = parseTimeframe(tf);
      if (!spec.ok) throw new Error(spec.error.message);
      await stream.subscribe([barsChannel(symbol, tf)]);
      if (!current()) return;
      load.stage = 'fetching';
      const state = this.store.getState();
      const range = resolveRange(state.history.range, rangeContextOf(state, [symbol]));
      let history: BarDto[];
      if (range !== null) {
        // A chosen range, at screen resolution: one request, whatever its length.
        load.closed = range.to !== undefined;
        const res = await this.api.bars({ symbol, tf, from: range.from, ...(range.to === undefined ? {} : { to: range.to }), maxPoints: viewportPoints() }, load.abort.signal);
        history = res.items;
      } else {
        const n = historyBarCount(spec.value.ms);
        const lastTickTs = state.status?.symbols.find((x) => x.symbol === symbol)?.lastTickTs;
        // Bars without ticks (imported klines) are anchored at their last stored bar, as ticks at the last tick.
        const anchor = lastTickTs ?? state.history.coverage?.[symbol]?.lastStart;
        const from = historyFrom(Date.now() + state.clockOffsetMs, anchor, n, spec.value.ms);
        history = await this.fetchHistory(symbol, tf, from, n, load.abort.signal);
        // Without coverage yet, and the API paging oldest first: show the file's first bars rather than nothing.
        if (history.length === 0 && anchor == null && state.importedSymbols.includes(symbol)) history = await this.fetchHistory(symbol, tf, 0, n, load.abort.signal);
      }
      if (!current()) return;
      const bars = joinHistory(history, load.closed ? [] : (load.buffer ?? []), MAX_SERIES_BARS);
      load.buffer = null;
      load.stage = 'done';
      actions.seriesLoaded(this.store, symbol, tf, bars);
    } catch (e) {
      if (!current() || load.abort.signal.aborted) return;
      load.buffer = null;
      load.stage = 'done';
      actions.seriesFailed(this.store, symbol, tf, errorMessage(e));
    }
  }

  /** Bars from `from` on, following at most a few pages (the window is sized to fit in one). */
  private async fetchHistory(symbol: string, tf: string, from: number, n: number, signal: AbortSignal): Promise<BarDto[]> {
    const out: BarDto[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 4; page += 1) {
      const res = await this.api.bars({ symbol, tf, from, limit: n + 10, ...(cursor === undefined ? {} : { cursor }) }, signal);
      out.push(...res.items);
      if (res.next === null) break;
      cursor = res.next;
    }
    return out;
  }
}
