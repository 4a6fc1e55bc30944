/**
 * The WebSocket at `/api/stream`: clients subscribe to `bars:<SYMBOL>:<tf>`, `status` and the other
 * channels of `stream-channel.ts`, and
 * receive coalesced incremental updates (see `dto/stream-messages.ts`).
 * @module
 */

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveEngine } from '../../engine/live-engine.js';
import type { Status } from '../dto/api-schemas.js';
import type { ServerMessage } from '../dto/stream-messages.js';
import type { SweepJobs } from '../../engine/sweep-jobs.js';
import { toAlertEventDto } from '../alert-dto.js';
import { toScreenerRankingDto } from '../screener-dto.js';
import type { ScreenerSchedule } from '../../jobs/screener-schedule.js';
import type { ScreenerRanking } from '../../model/screener-ranking.js';
import type { MarkPrice } from '../../model/mark-price.js';
import { toMarkPriceDto } from '../status-dto.js';
import { subscribeBacktestChannel } from './backtest-channel.js';
import { subscribePairChannel } from './pair-channel.js';
import { subscribeStrategyChannel } from './strategy-channel.js';
import { CoalescingOutbox } from './coalescing-outbox.js';
import { parseChannel } from './stream-channel.js';
import type { StreamClients } from './stream-clients.js';

const MAX_CHANNELS_PER_CLIENT = 200;

/** Publishes one status snapshot a second to every client subscribed to `status`. */
export class StatusBroadcaster {
  private readonly listeners = new Set<(s: Status) => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly read: () => Promise<Status>) {}

  subscribe(listener: (s: Status) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.timer = setInterval(() => void this.broadcast(), 1000);
      this.timer.unref();
    }
    void this.read().then(listener, () => undefined);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private async broadcast(): Promise<void> {
    const status = await this.read();
    for (const l of this.listeners) l(status);
  }
}

export function registerStreamRoute(app: FastifyInstance, engine: LiveEngine, statuses: StatusBroadcaster, jobs?: SweepJobs, clients?: StreamClients, screener?: ScreenerSchedule): void {
  app.get('/api/stream', { websocket: true, schema: { hide: true } }, (socket: WebSocket) => {
    const outbox = new CoalescingOutbox(socket);
    const forget = clients?.add(outbox, socket);
    const subscriptions = new Map<string, () => void>();

    const subscribe = (raw: unknown): string | null => {
      const parsed = parseChannel(raw);
      if (!parsed.ok) {
        outbox.sendNow({ type: 'error', error: parsed.error });
        return null;
      }
      const channel = parsed.value;
      if (subscriptions.has(channel.name)) return channel.name;
      if (subscriptions.size >= MAX_CHANNELS_PER_CLIENT) {
        outbox.sendNow({ type: 'error', error: { code: 'too_many_channels', message: `at most ${MAX_CHANNELS_PER_CLIENT} channels per connection` } });
        return null;
      }
      if (channel.kind === 'backtest') {
        const off = jobs === undefined ? null : subscribeBacktestChannel(jobs, channel.name, channel.jobId, outbox);
        if (off === null) return null;
        subscriptions.set(channel.name, off);
      } else if (channel.kind === 'strategy') {
        const off = subscribeStrategyChannel(engine.strategies, channel.name, channel.strategyId, outbox);
        if (off === null) return null;
        subscriptions.set(channel.name, off);
      } else if (channel.kind === 'pair') {
        subscriptions.set(channel.name, subscribePairChannel(engine.pairs, channel.name, channel.spec, outbox));
      } else if (channel.kind === 'alerts') {
        // Each event has its own key, so none is coalesced away.
        subscriptions.set(channel.name, engine.alerts.onEvent((event) => outbox.put(`alert|${event.id}`, { type: 'alert', channel: 'alerts', event: toAlertEventDto(event) })));
      } else if (channel.kind === 'screener') {
        // One key: a slow client gets the latest ranking, not a backlog. The latest one first, when there is one.
        const send = (ranking: ScreenerRanking): void => outbox.put('screener', { type: 'screener', channel: 'screener', ranking: toScreenerRankingDto(ranking) });
        subscriptions.set(channel.name, screener === undefined ? () => undefined : screener.onRanking(send));
        const last = screener?.latest();
        if (last !== undefined && last !== null) send(last.ranking);
      } else if (channel.kind === 'marks') {
        // Keyed by symbol: a slow client gets each symbol's latest update, not a backlog.
        const send = (m: MarkPrice): void => outbox.put(`marks|${m.symbol}`, { type: 'mark', channel: 'marks', mark: toMarkPriceDto(m) });
        subscriptions.set(channel.name, engine.marks.onMark((marks) => marks.forEach(send)));
        for (const symbol of engine.marks.symbols()) send(engine.marks.latest(symbol)!);
      } else if (channel.kind === 'status') {
        subscriptions.set(channel.name, statuses.subscribe((status) => outbox.put('status', { type: 'status', channel: 'status', status })));
      } else {
        const send = (bar: ServerMessage & { type: 'bar' }): void => outbox.put(`${channel.name}|${bar.bar.start}`, bar);
        subscriptions.set(channel.name, engine.subscribeBars(channel.symbol, channel.tf, ({ bar, final, revised }) => send({ type: 'bar', channel: channel.name, bar, final, ...(revised ? { revised } : {}) })));
        const forming = engine.bars.forming(channel.symbol, channel.tf.label);
        if (forming !== null) send({ type: 'bar', channel: channel.name, bar: forming, final: false });
      }
      return channel.name;
    };

    const unsubscribe = (raw: unknown): string | null => {
      const parsed = parseChannel(raw);
      if (!parsed.ok) return null;
      subscriptions.get(parsed.value.name)?.();
      return subscriptions.delete(parsed.value.name) ? parsed.value.name : null;
    };

    socket.on('message', (data, isBinary) => {
      // A throw here would escape the socket's event handler and end the process: whatever a
      // client sends, it gets an error message instead (see test/integration/fuzz-stream.test.ts).
      try {
        const msg = isBinary ? null : parseClientMessage(String(data));
        if (msg === null) {
          outbox.sendNow({ type: 'error', error: { code: 'invalid_message', message: 'expected {"op":"subscribe"|"unsubscribe","channels":[...]} as JSON text' } });
          return;
        }
        const done = msg.channels.map(msg.op === 'subscribe' ? subscribe : unsubscribe).filter((c): c is string => c !== null);
        outbox.sendNow(msg.op === 'subscribe' ? { type: 'subscribed', channels: done } : { type: 'unsubscribed', channels: done });
      } catch (e) {
        app.log.error(e);
        outbox.sendNow({ type: 'error', error: { code: 'internal', message: 'the server could not handle this message; see its log' } });
      }
    });

    socket.on('close', () => {
      for (const off of subscriptions.values()) off();
      subscriptions.clear();
      outbox.close();
      forget?.();
    });
  });
}

/** A subscribe/unsubscribe request with its channels still unchecked, or null when malformed. */
function parseClientMessage(text: string): { op: 'subscribe' | 'unsubscribe'; channels: unknown[] } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { op, channels } = parsed as { op?: unknown; channels?: unknown };
  if ((op !== 'subscribe' && op !== 'unsubscribe') || !Array.isArray(channels)) return null;
  return { op, channels: channels as unknown[] };
}
