/**
 * `StrategyFeed`: the dashboard's I/O for paper strategies. It lists them (at start, after
 * every reconnect, and every `pollMs` while the Backtest or Alerts tab is open, since a state
 * change such as the end of the warm-up is not pushed), follows `strategy:<id>` for every
 * strategy still running (so the list's positions and PnL move live), reads a strategy again
 * after a push with a fill (the push carries the position, not the closed trade), prices the
 * selected strategy's fills at the touch after each read of it, and does "Run live (paper)",
 * Flatten and Stop. Other tabs cost nothing: the list is read only while a
 * tab that shows it is open.
 * @module
 */

import type { BacktestResponse } from '../../../src/server/dto/backtest-schemas';
import type { ServerMessage } from '../../../src/server/dto/stream-messages';
import { errorMessage } from '../api/api-error';
import type { ConnectionState, StreamClient } from '../api/stream-client';
import type { StrategyApi } from '../api/strategy-client';
import type { DashboardStore } from './dashboard-store';
import { strategyBodyOf, strategyReducer, type StrategyEvent } from './strategy-state';

type Stream = Pick<StreamClient, 'subscribe' | 'unsubscribe'>;

export const strategyChannel = (id: string): string => `strategy:${id}`;


export function dispatchStrategy(store: DashboardStore, e: StrategyEvent): void {
  store.setState((s) => ({ strategies: strategyReducer(s.strategies, e) }));
}

export class StrategyFeed {
  private stream: Stream | null = null;
  private readonly followed = new Set<string>();
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private unsubscribeStore: (() => void) | null = null;
  private listAbort: AbortController | null = null;
  /** Reads of one strategy in flight, so a burst of fills reads it once. */
  private readonly reading = new Set<string>();

  constructor(
    private readonly store: DashboardStore,
    private readonly api: StrategyApi,
    private readonly pollMs = 5000,
  ) {}

  start(stream: Stream): void {
    this.stream = stream;
    this.unsubscribeStore = this.store.subscribe((s, prev) => {
      if (s.tab !== prev.tab && (s.tab === 'backtest' || s.tab === 'alerts')) void this.load();
    });
    this.pollTimer = setInterval(() => {
      if (this.wanted()) void this.load();
    }, this.pollMs);
    if (this.wanted()) void this.load();
  }

  /** Whether a tab that shows strategies is open: the list is read only then. */
  private wanted(): boolean {
    const tab = this.store.getState().tab;
    return tab === 'backtest' || tab === 'alerts';
  }

  stop(): void {
    this.unsubscribeStore?.();
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.listAbort?.abort();
    if (this.stream !== null && this.followed.size > 0) this.stream.unsubscribe([...this.followed].map(strategyChannel));
    this.followed.clear();
  }

  onConnection(c: ConnectionState): void {
    // Pushes may have been missed while the socket was down.
    if (c.phase === 'open' && this.wanted()) void this.load();
  }

  onMessage(m: ServerMessage): void {
    if (m.type !== 'strategy') return;
    dispatchStrategy(this.store, { type: 'pushed', message: m });
    // A push carries the position, not the trade an exit closed: read the strategy for it.
    if (m.fill !== undefined) void this.read(m.id);
    if (m.state !== 'running') this.follow();
  }

  async load(): Promise<void> {
    this.listAbort?.abort();
    const abort = new AbortController();
    this.listAbort = abort;
    dispatchStrategy(this.store, { type: 'loading' });
    try {
      const list = await this.api.list(abort.signal);
      if (abort.signal.aborted) return;
      dispatchStrategy(this.store, { type: 'listed', items: list.items });
      this.follow();
      // The list has summaries; each strategy is read whole once, then pushes keep it current.
      const { detailed } = this.store.getState().strategies;
      await Promise.all(list.items.filter((s) => detailed[s.id] === undefined).map((s) => this.read(s.id)));
    } catch (e) {
      if (!abort.signal.aborted) dispatchStrategy(this.store, { type: 'list_failed', message: errorMessage(e) });
    }
  }

  /** Reads one strategy whole (trades, equity) and keeps it. */
  async read(id: string): Promise<void> {
    if (this.reading.has(id)) return;
    this.reading.add(id);
    try {
      const strategy = await this.api.get(id);
      dispatchStrategy(this.store, { type: 'loaded', strategy });
      this.follow();
      // The touch of the shown strategy: a read follows each of its new fills.
      if (strategy.fills.length > 0 && this.store.getState().strategies.selected === id) await this.readTouch(id);
    } catch (e) {
      dispatchStrategy(this.store, { type: 'action_failed', message: errorMessage(e) });
    } finally {
      this.reading.delete(id);
    }
  }

  /** Its fills priced at the touch; a failure leaves the last answer (the figure is an aside). */
  private async readTouch(id: string): Promise<void> {
    try {
      dispatchStrategy(this.store, { type: 'touched', touch: await this.api.touch(id) });
    } catch {
      // Shown again on the next read.
    }
  }

  /** "Run live (paper)": starts a strategy with the report's parameters and selects it. */
  async startFrom(response: BacktestResponse): Promise<void> {
    dispatchStrategy(this.store, { type: 'starting' });
    try {
      const created = await this.api.create(strategyBodyOf(response.request));
      dispatchStrategy(this.store, { type: 'started', created, origin: response });
      this.follow();
      await this.read(created.id);
    } catch (e) {
      dispatchStrategy(this.store, { type: 'start_failed', message: errorMessage(e) });
    }
  }

  select(id: string | null): void {
    dispatchStrategy(this.store, { type: 'select', id });
    if (id !== null) void this.read(id);
  }

  /** Closes the position at the next fill; the push of that fill shows it. */
  async flatten(id: string): Promise<void> {
    try {
      await this.api.flatten(id);
    } catch (e) {
      dispatchStrategy(this.store, { type: 'action_failed', message: errorMessage(e) });
    }
  }

  /** Stops the strategy; its record (trades, equity) stays. */
  async stopStrategy(id: string): Promise<void> {
    try {
      await this.api.stop(id);
    } catch (e) {
      dispatchStrategy(this.store, { type: 'action_failed', message: errorMessage(e) });
    }
    await this.read(id);
  }

  /** Subscribes to the channels of the strategies still trading, and leaves the others. */
  private follow(): void {
    if (this.stream === null) return;
    const { byId } = this.store.getState().strategies;
    const want = new Set(Object.values(byId).filter((s) => s.state === 'running').map((s) => s.id));
    const add = [...want].filter((id) => !this.followed.has(id));
    const drop = [...this.followed].filter((id) => !want.has(id));
    for (const id of add) this.followed.add(id);
    for (const id of drop) this.followed.delete(id);
    if (add.length > 0) void this.stream.subscribe(add.map(strategyChannel));
    if (drop.length > 0) this.stream.unsubscribe(drop.map(strategyChannel));
  }
}
