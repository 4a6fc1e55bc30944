/**
 * `tandem ingest`: an ingest worker. It runs one source (Binance, the simulator or a replay)
 * for its symbols and publishes the normalised ticks to the Redis Streams bus, where every
 * `tandem serve --bus redis` reads them (docs/scaling.md). Several workers split the symbols.
 *
 * A Binance worker resumes each symbol from the last trade id it published (kept in Redis with
 * each entry), so a worker killed outright and started again refills its gap through Binance's
 * REST `aggTrades?fromId=` before going live. Given the servers' store (`--store`, or
 * `TANDEM_STORE` set), it resumes from the higher of that and the store's highest stored id,
 * so a Redis that lost its data (restarted without persistence) leaves no gap
 * (`engine/binance-resume-point.ts`). Its status (per-symbol feed quality) is published
 * every second for the servers' status. SIGINT/SIGTERM stop the source and publish what is
 * buffered before exiting. With `--metrics-port` it serves Prometheus's `GET /metrics` (its
 * publish queue, ticks per symbol, feed quality; docs/scaling.md).
 * @module
 */

import { hostname } from 'node:os';
import type { Command } from 'commander';
import { Registry } from 'prom-client';
import { PublishQueue } from '../../bus/publish-queue.js';
import { processName, RedisBus } from '../../bus/redis/redis-bus.js';
import { DEFAULT_STREAM_MAXLEN } from '../../bus/redis/redis-tick-publisher.js';
import { systemClock } from '../../core/clock.js';
import { binanceResumePoint } from '../../engine/binance-resume-point.js';
import { createSource } from '../../engine/source-factory.js';
import type { MarketStores } from '../../store/market-stores.js';
import { openStores } from '../../store/open-stores.js';
import { describeStore, existingStoreConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';
import { parseSymbolList } from '../../model/market-symbol.js';
import type { Tick } from '../../model/tick.js';
import type { MarkPrice } from '../../model/mark-price.js';
import { parseLookback } from '../../model/lookback.js';
import { TRADES_BUCKET_MS } from '../../engine/kline-backfill.js';
import { busKindOf, DEFAULT_REDIS_URL, withRedisOptions, type RedisOptions } from '../redis-options.js';
import { openRootLogger, withLogOptions, type LogOptions } from '../log-options.js';
import { withoutPassword } from '../../server/logging/redact-url.js';
import { registerFeedMetrics } from '../../server/metrics/feed-metrics.js';
import { startMetricsHttpServer, type MetricsHttpServer } from '../../server/metrics/metrics-http-server.js';
import { registerPublishMetrics } from '../../server/metrics/publish-metrics.js';
import { registerTickMetrics } from '../../server/metrics/tick-metrics.js';
import { universeOf, withUniverseOptions, type UniverseOptions } from '../universe-options.js';

interface IngestOptions extends RedisOptions, StoreOptions, LogOptions, UniverseOptions {
  source: string;
  symbols: string;
  seed: string;
  path?: string;
  speed?: string;
  maxlen: string;
  quiet: boolean;
  backfill: string;
  metricsPort?: string;
  metricsHost: string;
}

export function registerIngestCommand(program: Command): void {
  withRedisOptions(
    withUniverseOptions(withLogOptions(withStoreOptions(program
      .command('ingest')
      .description('run an ingest worker: a source publishing its ticks to the Redis Streams bus for `tandem serve --bus redis`')
      .requiredOption('--source <source>', 'binance, sim (simulator) or replay')
      .option('--symbols <list>', 'comma-separated symbols this worker ingests', 'BTCUSDT,ETHUSDT')
      .option('--seed <n>', 'simulator seed', '42')
      .option('--path <file>', 'replay: the file to play')
      .option('--speed <speed>', 'replay: 1x, 10x, 100x or max', 'max')
      .option('--maxlen <n>', 'cap of each stream in entries (XADD MAXLEN ~; env TANDEM_BUS_MAXLEN)', process.env['TANDEM_BUS_MAXLEN'] ?? String(DEFAULT_STREAM_MAXLEN))
      .option('--quiet', 'no status line every 10 s', false)
      .option('--metrics-port <port>', 'serve Prometheus GET /metrics on this port (env TANDEM_METRICS_PORT; default: none)', process.env['TANDEM_METRICS_PORT'])
      .option('--metrics-host <host>', 'address of the metrics port; other than loopback it needs TANDEM_TOKEN (env TANDEM_METRICS_HOST)', process.env['TANDEM_METRICS_HOST'] ?? '127.0.0.1')
      .option('--backfill <lookback>', 'Binance: start each symbol at the current 5m bucket, so its forming bars are whole (0: from the last published trade only; the klines are fetched by `serve`; env TANDEM_BACKFILL)', process.env['TANDEM_BACKFILL'] ?? '2d'))))
      .addHelpText('after', '\nWith --store (or TANDEM_STORE), a Binance worker resumes each symbol from the higher of its last published id and the store\'s highest stored id, so a Redis that lost its data leaves no gap.'),
    'the bus to publish to: redis (required)',
  ).action(async (opts: IngestOptions) => ingest(opts));
}

async function ingest(opts: IngestOptions): Promise<void> {
  const log = (await openRootLogger(opts)).child({ component: 'ingest' });
  if (busKindOf(opts) === null) throw new Error("tandem ingest publishes to a bus: give --bus redis");
  const universe = universeOf(opts, opts.symbols, opts.source);
  const symbols = universe === undefined ? parseSymbolList(opts.symbols) : { ok: true as const, value: [] as string[] };
  if (!symbols.ok) throw new Error(`--symbols: ${symbols.error.message}`);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed '${opts.seed}' is not an integer`);
  const maxLen = Number(opts.maxlen);
  if (!Number.isSafeInteger(maxLen) || maxLen < 100) throw new Error(`--maxlen '${opts.maxlen}' must be an integer of at least 100`);
  const backfill = parseLookback(opts.backfill, '--backfill');
  if (!backfill.ok) throw new Error(backfill.error.message);
  const metricsPort = opts.metricsPort === undefined || opts.metricsPort.trim() === '' ? null : Number(opts.metricsPort);
  if (metricsPort !== null && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) throw new Error(`--metrics-port '${opts.metricsPort}' is not a port number (0-65535)`);
  const url = opts.redisUrl ?? DEFAULT_REDIS_URL;
  // The servers' store, read only for resume points; an existing one, never created here.
  const storeConfig = opts.store !== undefined || (process.env['TANDEM_STORE'] ?? '') !== '' ? existingStoreConfigOf(opts) : null;
  const stores: MarketStores | null = storeConfig === null ? null : await openStores(storeConfig);
  const bus = await RedisBus.open({ url, prefix: opts.redisPrefix, maxLen });
  const publisher = bus.publisher();
  let lastWarning = 0;
  const queue = new PublishQueue(publisher, {
    onError: (e) => {
      if (Date.now() - lastWarning < 5000) return;
      lastWarning = Date.now();
      log.warn({ event: 'publish_failed', reason: e instanceof Error ? e.message : String(e) }, `tandem ingest: publishing to Redis failed, retrying: ${e instanceof Error ? e.message : String(e)}`);
    },
    onOverflow: (n) => {
      // Exit and let a supervisor restart us: a Binance worker then resumes from its last published id.
      log.fatal({ event: 'publish_overflow', ticks: n }, `tandem ingest: ${n} ticks could not be published; exiting so a restart can resume from the bus`);
      process.exit(3);
    },
  });
  const source = createSource(
    { source: opts.source, symbols: symbols.value, seed, ...(universe === undefined ? {} : { universe }), ...(opts.path === undefined ? {} : { path: opts.path }), ...(opts.speed === undefined ? {} : { speed: opts.speed }) },
    {
      clock: systemClock,
      defaultSeed: seed,
      lastBinanceTradeId: binanceResumePoint(
        (symbol) => publisher.lastPublishedTradeId(symbol, 'binance'),
        stores === null ? null : (symbol) => stores.ticks.lastTradeId(symbol, 'binance'),
      ),
      env: process.env,
      ...(backfill.value > 0 ? { binance: { tradesFromBucketMs: TRADES_BUCKET_MS } } : {}),
    },
  );
  // Prometheus metrics, when asked for: up before the source starts, so a slow start is visible.
  let metrics: MetricsHttpServer | null = null;
  let observeTicks: ((ticks: readonly Tick[]) => void) | null = null;
  if (metricsPort !== null) {
    const registry = new Registry();
    observeTicks = registerTickMetrics(registry, Date.now);
    registerFeedMetrics(registry, () => source.quality?.() ?? []);
    registerPublishMetrics(registry, queue);
    const token = process.env['TANDEM_TOKEN'];
    metrics = await startMetricsHttpServer({ registry, host: opts.metricsHost, port: metricsPort, ...(token ? { token } : {}) });
    log.info(`tandem ingest: Prometheus metrics on ${metrics.url}/metrics`);
  }
  const id = processName('ingest');
  const startedAt = Date.now();
  const beat = async (): Promise<void> => {
    try {
      await bus.heartbeat({ id, source: source.kind, symbols: source.symbols, pid: process.pid, host: hostname(), startedAt, updatedAt: Date.now(), ticksPublished: queue.count(), quality: source.quality?.() ?? [] });
    } catch {
      // Redis is away; the publish queue reports it.
    }
  };
  // Mark prices go out as the latest of each symbol, four times a second: a state, not a record.
  const pendingMarks = new Map<string, MarkPrice>();
  const markTimer = setInterval(() => {
    if (pendingMarks.size === 0) return;
    const marks = [...pendingMarks.values()];
    pendingMarks.clear();
    bus.publishMarks(marks).catch(() => undefined);
  }, 250);
  await source.start(
    (ticks) => {
      observeTicks?.(ticks);
      queue.push(ticks);
    },
    (marks) => {
      for (const m of marks) pendingMarks.set(m.symbol, m);
    },
  );
  await beat();
  log.info(
    { event: 'worker_started', worker: id, source: source.kind, symbols: source.symbols },
    `tandem ingest: worker ${id}, ${source.kind} ${source.symbols.join(',')} → ${withoutPassword(url)} (prefix ${opts.redisPrefix})${storeConfig === null ? '' : `; resume points also from ${describeStore(storeConfig)}`}`,
  );

  let stopping = false;
  const shutdown = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    clearInterval(markTimer);
    log.info({ event: 'shutdown', reason: why }, `${why}: stopping the source and publishing what is buffered`);
    await source.stop();
    await queue.close();
    try {
      await bus.removeWorker(id);
    } catch {
      // Servers mark a silent worker stale anyway.
    }
    await bus.close();
    await stores?.close();
    await metrics?.close();
    log.info({ event: 'stopped', published: queue.count(), unpublished: queue.backlog() }, `published ${queue.count()} ticks${queue.backlog() > 0 ? `; ${queue.backlog()} could not be published` : ''}`);
    process.exit(queue.backlog() > 0 ? 1 : 0);
  };
  let beats = 0;
  const timer = setInterval(() => {
    void beat();
    beats++;
    if (!opts.quiet && beats % 10 === 0) log.info({ published: queue.count(), waiting: queue.backlog(), state: source.state() }, `published ${queue.count()} ticks, ${queue.backlog()} waiting, source ${source.state()}`);
    if (source.playback?.().state === 'done' && queue.backlog() === 0) void shutdown('replay done');
    if (source.state() === 'error') {
      log.error({ event: 'source_state', to: 'error', reason: source.reason?.() ?? null }, `tandem ingest: the source failed: ${source.reason?.() ?? 'unknown reason'}`);
      void shutdown('source error');
    }
  }, 1000);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
