/**
 * `PairFeed`: keeps the Pair Analytics tab's series in step with the server while the tab is
 * open, for the selected pair.
 *
 * As `LiveFeed` does for bars, it subscribes to the pair's channel first and buffers what the
 * channel sends (the `pair_snapshot`, `pair_point`s, `pair_tests`), waits for the
 * acknowledgement, loads history over REST (`GET /api/pairs/analytics`), then joins the two
 * (`joinPairHistory`), so there is no gap between history and live points. Later messages
 * reach the store in batches (`flushMs`). When the server answers that the pair has too few
 * bars yet, the tab shows its message and the feed asks again every `retryDelay(tfMs)` while
 * bars arrive. After a reconnect it loads again, since points may have been missed.
 * @module
 */

import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import type { ServerMessage } from '../../../src/server/dto/stream-messages';
import { parseTimeframe } from '../../../src/model/timeframe';
import { errorMessage } from '../api/api-error';
import { isInsufficientData, type pairApi as httpPairApi } from '../api/pair-client';
import type { ConnectionState, StreamClient } from '../api/stream-client';
import type { DashboardState, DashboardStore } from './dashboard-store';
import { pairActions } from './pair-actions';
import { joinPairHistory, pointsFromColumns, type PairEvent } from './pair-points';
import { pairChannel, type PairSelection } from './pair-selection';
import { rangeContextOf, resolveRange, viewportPoints } from './history-range';
import { MAX_THINNED_PAIR_BARS } from '../../../src/server/dto/pair-schemas';

/** Bars of history a load asks for (the server's default range). */
export const PAIR_HISTORY_BARS = 1000;

/** How long to wait before asking again for a pair with too few bars: a bar, within 1-10 s. */
export function retryDelay(tfMs: number): number {
  return Math.min(10_000, Math.max(1000, tfMs));
}

/**
 * The history range of a load: the server's default (the last bars before now) unless both
 * legs' data ends well before now (a replayed or imported file), in which case it ends at the
 * later leg's last tick, so the tab shows the file rather than nothing.
 */
export function pairHistoryRange(serverNow: number, lastTickY: number | null | undefined, lastTickX: number | null | undefined, tfMs: number, bars = PAIR_HISTORY_BARS): { from?: number; to?: number } {
  if (lastTickY == null || lastTickX == null) return {};
  const last = Math.max(lastTickY, lastTickX);
  if (last >= serverNow - 2 * tfMs) return {};
  const to = Math.floor(last / tfMs) * tfMs + tfMs;
  return { from: Math.max(0, to - bars * tfMs), to };
}

/** The channel the feed should follow in `state`: the selected pair's while its tab is open. */
export function wantedPairChannel(state: Pick<DashboardState, 'tab' | 'pair'>): string | null {
  return state.tab === 'pair' ? pairChannel(state.pair.selection) : null;
}

interface Load {
  readonly channel: string;
  readonly selection: PairSelection;
  readonly abort: AbortController;
  /** Channel messages received while history loads; null once live. */
  buffer: PairEvent[] | null;
  stage: 'subscribing' | 'fetching' | 'done';
  retry: ReturnType<typeof setTimeout> | null;
  /** The range ends at fixed dates: live points are not part of it. */
  closed: boolean;
  /** The history range the load was made for (JSON), so a new range loads again. */
  readonly rangeKey: string;
}

type Stream = Pick<StreamClient, 'subscribe' | 'unsubscribe'>;
type Api = Pick<typeof httpPairApi, 'analytics'>;

export class PairFeed {
  private stream: Stream | null = null;
  private load: Load | null = null;
  private pending: PairPointDto[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribeStore: (() => void) | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Api,
    private readonly flushMs = 50,
  ) {}

  /** Follows the store's tab and pair selection on `stream` (which the caller starts). */
  start(stream: Stream): void {
    this.stream = stream;
    this.unsubscribeStore = this.store.subscribe(() => this.sync());
    this.sync();
  }

  stop(): void {
    this.unsubscribeStore?.();
    this.release();
  }

  onConnection(connection: ConnectionState): void {
    // Points published while no socket was subscribed are lost: load again, unless the load
    // is still waiting for its acknowledgement, which will come on this socket.
    if (connection.phase === 'open' && this.load !== null && this.load.stage !== 'subscribing') void this.begin(this.load.selection);
  }

  onMessage(message: ServerMessage): void {
    const load = this.load;
    if (load === null || load.closed || !('channel' in message) || message.channel !== load.channel) return;
    let event: PairEvent;
    switch (message.type) {
      case 'pair_snapshot': {
        const points = pointsFromColumns(message.series);
        if (message.provisional !== null) points.push(message.provisional);
        event = { kind: 'snapshot', points, tests: message.tests };
        break;
      }
      case 'pair_point':
        event = { kind: 'point', point: message.point };
        break;
      case 'pair_tests':
        event = { kind: 'tests', tests: message.tests };
        break;
      default:
        return;
    }
    if (load.buffer !== null) {
      load.buffer.push(event);
      return;
    }
    if (event.kind === 'tests') {
      pairActions.applyTests(this.store, load.channel, event.tests);
      return;
    }
    if (event.kind === 'snapshot') {
      // A snapshot after the load (the server resends one on resubscribe) is the live
      // series again: merge it like any points, and its tests.
      this.pending.push(...event.points);
      if (event.tests !== null) pairActions.applyTests(this.store, load.channel, event.tests);
    } else this.pending.push(event.point);
    this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushTimer = null;
    const load = this.load;
    const updates = this.pending;
    this.pending = [];
    if (load !== null && updates.length > 0) pairActions.applyPoints(this.store, load.channel, updates);
  }

  private sync(): void {
    const state = this.store.getState();
    const wanted = wantedPairChannel(state);
    if (wanted === (this.load?.channel ?? null) && (wanted === null || this.load?.rangeKey === JSON.stringify(state.history.range))) return;
    this.release();
    if (wanted !== null) void this.begin(state.pair.selection);
  }

  private release(): void {
    const load = this.load;
    if (load === null) return;
    load.abort.abort();
    if (load.retry !== null) clearTimeout(load.retry);
    this.stream?.unsubscribe([load.channel]);
    this.load = null;
    this.pending = [];
  }

  private async begin(selection: PairSelection): Promise<void> {
    const stream = this.stream;
    if (stream === null) return;
    const channel = pairChannel(selection);
    const previous = this.load;
    if (previous !== null) {
      previous.abort.abort();
      if (previous.retry !== null) clearTimeout(previous.retry);
    }
    const load: Load = { channel, selection, abort: new AbortController(), buffer: [], stage: 'subscribing', retry: null, closed: false, rangeKey: JSON.stringify(this.store.getState().history.range) };
    this.load = load;
    this.pending = [];
    pairActions.loading(this.store, channel);
    await stream.subscribe([channel]);
    if (this.load !== load) return;
    load.stage = 'fetching';
    await this.fetch(load);
  }

  private async fetch(load: Load): Promise<void> {
    const { selection: s, channel } = load;
    load.retry = null;
    const spec = parseTimeframe(s.tf);
    const tfMs = spec.ok ? spec.value.ms : 60_000;
    try {
      const state = this.store.getState();
      const chosen = resolveRange(state.history.range, rangeContextOf(state, [s.y, s.x]));
      let range: { from?: number; to?: number; maxPoints?: number };
      if (chosen === null) {
        const lastTick = (symbol: string) => state.status?.symbols.find((x) => x.symbol === symbol)?.lastTickTs;
        range = pairHistoryRange(Date.now() + state.clockOffsetMs, lastTick(s.y), lastTick(s.x), tfMs);
      } else {
        // At screen resolution, within the most bars one request analyses.
        const end = chosen.to ?? Date.now() + state.clockOffsetMs;
        const from = Math.max(chosen.from, end - (MAX_THINNED_PAIR_BARS - 1) * tfMs);
        range = { from, ...(chosen.to === undefined ? {} : { to: chosen.to }), maxPoints: viewportPoints() };
        load.closed = chosen.to !== undefined;
      }
      const res = await this.api.analytics({ y: s.y, x: s.x, tf: s.tf, method: s.method, window: s.window, ...(s.prices === 'log' ? { prices: 'log' as const } : {}), ...range }, load.abort.signal);
      if (this.load !== load) return;
      const joined = joinPairHistory(pointsFromColumns(res.series), res.tests, load.closed ? [] : (load.buffer ?? []));
      load.buffer = null;
      load.stage = 'done';
      pairActions.loaded(this.store, channel, joined.points, joined.tests);
    } catch (e) {
      if (this.load !== load || load.abort.signal.aborted) return;
      if (isInsufficientData(e)) {
        // Keep buffering: the channel's points since the subscription are still needed
        // once the history is long enough.
        pairActions.insufficient(this.store, channel, e.message);
        load.retry = setTimeout(() => void this.fetch(load), retryDelay(tfMs));
        return;
      }
      load.buffer = null;
      load.stage = 'done';
      pairActions.failed(this.store, channel, errorMessage(e));
    }
  }
}
