/**
 * `tandem bench --clients`: many WebSocket clients on one server, one of them slow. A `tandem
 * serve` child ingests from the fake Binance; `clients` clients (default 100) subscribe to the
 * bars of every symbol at 1s and 250ms, two pairs and the status. Two of them also subscribe
 * to the bars of every symbol at 40 more timeframes (50ms..440ms; built on demand, each from
 * under half a second of stored ticks), about 1 MB/s of updates, so that
 * one of them, which stops reading for `pauseSeconds` (its socket paused), fills the kernel's
 * socket buffers (a few MB) within seconds and the server's sends really back up; the other
 * reads normally and is the reference for what the slow one should end on.
 *
 * Figures: the server's RSS and heap (GET /api/metrics) when the pause starts, at its highest
 * and at its end; what the server held for the clients (pending coalesced states, unsent
 * bytes); and, for the slow client once it wakes, how many messages and how long it took to
 * reach the newest bar, against how many messages a live client received during the pause.
 * @module
 */

import WebSocket from 'ws';
import { parseTimeframe } from '../../model/timeframe.js';
import { FakeBinance } from '../../fake-binance/fake-binance.js';
import type { BenchResult } from './bench-result.js';
import { serverMetrics, startServeChild, type ServerMetrics } from './bench-serve.js';

export interface ClientsBenchOptions {
  readonly clients?: number;
  /** How long the slow client reads nothing (default 30 s). */
  readonly pauseSeconds?: number;
  /**
   * Keep the slow client asleep past `pauseSeconds` (up to four times it) until the server holds
   * at least this many unsent bytes for one client (default 0: the pause is exactly `pauseSeconds`).
   */
  readonly backlogBytes?: number;
  /**
   * Fake Binance trades per second across the symbols (default 1000). Each trade updates every
   * subscribed timeframe of its symbol, 42 of them here, so this is not the ingest limit.
   */
  readonly rate?: number;
  readonly symbols?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface MemoryFigures {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
}

export interface ClientsRun {
  readonly clients: number;
  readonly channelsPerClient: number;
  /** Channels of the slow client and of its live reference. */
  readonly heavyChannels: number;
  /** How long the slow client slept (at least the asked pause; longer while waiting for a backlog). */
  readonly pauseSeconds: number;
  /**
   * Server memory just before the pause, the highest sampled during it, at its end, and the
   * medians of the once-a-second samples of the pause's first and second halves (a heap that
   * grows shows as a later median above the earlier one; a garbage collector's sawtooth does not).
   */
  readonly memory: {
    readonly before: MemoryFigures;
    readonly peak: MemoryFigures;
    readonly end: MemoryFigures;
    readonly firstHalfMedian: MemoryFigures;
    readonly secondHalfMedian: MemoryFigures;
  };
  /** The most the server held for any one client during the pause. */
  readonly held: { readonly pendingMax: number; readonly bufferedBytesMax: number; readonly dropped: number };
  /** Messages the live client with the slow one's channels received while the slow one slept. */
  readonly liveMessagesDuringPause: number;
  /** The slow client after waking: messages until it had the newest bar, and how long that took. */
  readonly slowAfterWake: { readonly messagesToLatest: number; readonly msToLatest: number; readonly messagesFirst2s: number };
  /** Whether the slow client's newest bar of each bars channel is the live reference's, 2 s after waking. */
  readonly slowConverged: boolean;
}

interface Tracked {
  readonly ws: WebSocket;
  messages: number;
  /** Per channel, the newest bar seen: start and the message text (for equality with another client). */
  readonly latest: Map<string, { start: number; text: string }>;
  onMessage: ((channel: string, start: number) => void) | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mem = (m: ServerMetrics): MemoryFigures => ({ rssMiB: m.rssBytes / 2 ** 20, heapUsedMiB: m.heapUsedBytes / 2 ** 20 });

function connect(url: string, channels: readonly string[]): Promise<Tracked> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, { perMessageDeflate: false });
    const c: Tracked = { ws, messages: 0, latest: new Map(), onMessage: null };
    ws.on('message', (data) => {
      c.messages += 1;
      const text = String(data);
      const m = JSON.parse(text) as { type: string; channel?: string; bar?: { start: number } };
      if (m.type === 'subscribed') resolve(c);
      if (m.type === 'bar' && m.channel !== undefined && m.bar !== undefined) {
        const prev = c.latest.get(m.channel);
        if (prev === undefined || m.bar.start >= prev.start) c.latest.set(m.channel, { start: m.bar.start, text });
        c.onMessage?.(m.channel, m.bar.start);
      }
    });
    ws.once('open', () => ws.send(JSON.stringify({ op: 'subscribe', channels })));
    ws.once('error', reject);
  });
}

export async function runClients(opts: ClientsBenchOptions = {}): Promise<ClientsRun> {
  const log = opts.log ?? (() => undefined);
  const count = opts.clients ?? 100;
  const pauseSeconds = opts.pauseSeconds ?? 30;
  const backlogBytes = opts.backlogBytes ?? 0;
  const symbols = opts.symbols ?? ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
  const fake = await FakeBinance.start({ symbols, tradesPerSecond: opts.rate ?? 1000, seed: 5, tapeIntervalMs: 10 });
  const serve = await startServeChild({
    args: ['--source', 'binance', '--symbols', symbols.join(',')],
    env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
  }).catch(async (e: unknown) => {
    await fake.stop();
    throw e;
  });
  const clients: Tracked[] = [];
  try {
    const barChannels = symbols.flatMap((s) => [`bars:${s}:1s`, `bars:${s}:250ms`]);
    const channels = ['status', ...barChannels, `pair:${symbols[1]!}:${symbols[0]!}:1s:ols:60`, `pair:${symbols[2]!}:${symbols[0]!}:1s:kalman:60`];
    const heavy = [...channels, ...symbols.flatMap((s) => Array.from({ length: 40 }, (_, k) => `bars:${s}:${50 + 10 * k}ms`))];
    for (let i = 0; i < count; i++) clients.push(await connect(serve.url, i < 2 ? heavy : channels));
    log(`clients: ${count} clients on ${channels.length} channels each (2 of them on ${heavy.length}), serve on ${serve.url}`);
    await sleep(5000);
    const slow = clients[0]!;
    const live = clients[1]!;
    const before = await serverMetrics(serve.url);
    slow.ws.pause();
    const liveAtPause = live.messages;
    const slowAtPause = slow.messages;
    let peak = before;
    const samples: ServerMetrics[] = [];
    let held = { pendingMax: 0, bufferedBytesMax: 0, dropped: 0 };
    const pausedAt = Date.now();
    let pauseEnd = pausedAt + pauseSeconds * 1000;
    const longestEnd = pausedAt + pauseSeconds * 4000;
    for (;;) {
      if (Date.now() >= pauseEnd) {
        // A machine busy elsewhere sends less per second, and the kernel's socket buffers take it
        // all: keep the client asleep (up to 4x the pause) until the server itself holds a backlog.
        if (held.bufferedBytesMax >= backlogBytes || Date.now() >= longestEnd) break;
        pauseEnd = Date.now() + 1000;
      }
      await sleep(1000);
      const m = await serverMetrics(serve.url);
      samples.push(m);
      if (m.rssBytes > peak.rssBytes) peak = m;
      held = { pendingMax: Math.max(held.pendingMax, m.stream.pendingMax), bufferedBytesMax: Math.max(held.bufferedBytesMax, m.stream.bufferedBytesMax), dropped: Math.max(held.dropped, m.stream.dropped) };
      log(`clients: paused ${Math.round((Date.now() - pausedAt) / 1000)} s rss=${(m.rssBytes / 2 ** 20).toFixed(1)} MiB heap=${(m.heapUsedBytes / 2 ** 20).toFixed(1)} MiB held: pending ${m.stream.pendingMax}, unsent ${(m.stream.bufferedBytesMax / 1024).toFixed(0)} KiB`);
    }
    const end = await serverMetrics(serve.url);
    const liveDuringPause = live.messages - liveAtPause;
    // Wake: the newest bar a live client has of the first 1s channel is the state to reach.
    const target = barChannels[0]!;
    const targetStart = live.latest.get(target)?.start ?? 0;
    const woke = Date.now();
    const reached = new Promise<{ messages: number; ms: number }>((resolve) => {
      slow.onMessage = (channel, start) => {
        if (channel === target && start >= targetStart) {
          slow.onMessage = null;
          resolve({ messages: slow.messages - slowAtPause, ms: Date.now() - woke });
        }
      };
    });
    slow.ws.resume();
    const toLatest = await Promise.race([reached, sleep(10_000).then(() => ({ messages: -1, ms: -1 }))]);
    await sleep(Math.max(0, 2000 - (Date.now() - woke)));
    const first2s = slow.messages - slowAtPause;
    // Once the slow client has caught up, compare the last state of every bars channel.
    await sleep(1000);
    // Same newest bar, give or take the one bucket that may have begun between the two reads.
    const converged = heavy.filter((ch) => ch.startsWith('bars:')).every((ch) => {
      const a = slow.latest.get(ch);
      const b = live.latest.get(ch);
      const tf = parseTimeframe(ch.split(':')[2]!);
      return a !== undefined && b !== undefined && tf.ok && Math.abs(a.start - b.start) <= tf.value.ms;
    });
    const run: ClientsRun = {
      clients: count,
      channelsPerClient: channels.length,
      heavyChannels: heavy.length,
      pauseSeconds: (woke - pausedAt) / 1000,
      memory: { before: mem(before), peak: mem(peak), end: mem(end), firstHalfMedian: medianMemory(samples.slice(0, samples.length >> 1)), secondHalfMedian: medianMemory(samples.slice(samples.length >> 1)) },
      held,
      liveMessagesDuringPause: liveDuringPause,
      slowAfterWake: { messagesToLatest: toLatest.messages, msToLatest: toLatest.ms, messagesFirst2s: first2s },
      slowConverged: converged,
    };
    log(`clients: ${JSON.stringify(run)}`);
    return run;
  } finally {
    for (const c of clients) c.ws.terminate();
    await serve.stop();
    await fake.stop();
  }
}

function medianMemory(ms: readonly ServerMetrics[]): MemoryFigures {
  const mid = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  return { rssMiB: mid(ms.map((m) => m.rssBytes)) / 2 ** 20, heapUsedMiB: mid(ms.map((m) => m.heapUsedBytes)) / 2 ** 20 };
}

/** The run as `tandem bench` figures. */
export async function runClientsBench(opts: ClientsBenchOptions = {}): Promise<BenchResult[]> {
  const r = await runClients(opts);
  return [
    { name: 'clients.server_rss_before', n: r.clients, unit: 'MiB', value: r.memory.before.rssMiB, runs: 1 },
    { name: 'clients.server_rss_peak', n: r.clients, unit: 'MiB', value: r.memory.peak.rssMiB, runs: 1 },
    { name: 'clients.server_heap_median_first_half', n: r.clients, unit: 'MiB', value: r.memory.firstHalfMedian.heapUsedMiB, runs: 1 },
    { name: 'clients.server_heap_median_second_half', n: r.clients, unit: 'MiB', value: r.memory.secondHalfMedian.heapUsedMiB, runs: 1 },
    { name: 'clients.slow_wake_to_latest_ms', n: r.slowAfterWake.messagesToLatest, unit: 'ms', value: r.slowAfterWake.msToLatest, runs: 1 },
  ];
}
