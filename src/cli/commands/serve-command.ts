/**
 * `tandem serve`: the dashboard and API, with the live engine; `--source sim` starts ingesting
 * at once. SIGINT/SIGTERM stop the source, flush every buffer and close the database.
 * @module
 */

import type { Command } from 'commander';
import { openEngine } from '../../engine/open-engine.js';
import { withoutPassword } from '../../server/logging/redact-url.js';
import { buildServer } from '../../server/build-server.js';
import { parseLookback } from '../../model/lookback.js';
import { parseRetentionHorizon } from '../../jobs/retention/retention-horizon.js';
import { openRootLogger, withLogOptions, type LogOptions } from '../log-options.js';
import { VERSION, WEB_ROOT } from '../package-info.js';
import { busKindOf, DEFAULT_REDIS_URL, withRedisOptions, type RedisOptions } from '../redis-options.js';
import { describeStore, storeConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';
import { universeOf, withUniverseOptions, type UniverseOptions } from '../universe-options.js';

export interface ServeOptions extends StoreOptions, RedisOptions, LogOptions, UniverseOptions {
  source?: string;
  symbols: string;
  host: string;
  port: string;
  seed: string;
  backfill: string;
  history: string;
  rate?: string;
  retainTicks?: string;
  screenEvery: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function registerServeCommand(program: Command): void {
  withRedisOptions(withUniverseOptions(withLogOptions(withStoreOptions(program.command('serve')))), 'read ticks from a bus instead of running sources: redis (run `tandem ingest --bus redis` workers)')
    .description('serve the dashboard and API with the live engine')
    .option('--source <source>', 'start ingesting at once from this source: sim (simulator)')
    .option('--symbols <list>', 'comma-separated symbols for --source; ALL with --source binance: every TRADING USD-M perpetual (see --quote)', 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT')
    .option('--host <host>', 'address to bind (env TANDEM_HOST)', process.env['TANDEM_HOST'] ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on (env TANDEM_PORT)', process.env['TANDEM_PORT'] ?? '8501')
    .option('--seed <n>', 'simulator seed', '42')
    .option('--rate <n>', 'simulator: trades per second across the symbols (default 20 per symbol; env TANDEM_SIM_RATE)', process.env['TANDEM_SIM_RATE'])
    .option('--backfill <lookback>', 'Binance: on start, 1m klines this far back and the trades of the current 5m bucket (0: none; env TANDEM_BACKFILL)', process.env['TANDEM_BACKFILL'] ?? '2d')
    .option('--history <lookback>', 'simulator: also generate this much deterministic past as 1m/5m bars, so the demo opens with days of data (0: none; env TANDEM_HISTORY)', process.env['TANDEM_HISTORY'] ?? '0')
    .option('--retain-ticks <horizon>', 'delete ticks older than this (e.g. 30d) shortly after start and every 10 minutes; bars stay (env TANDEM_RETAIN_TICKS; default: keep all)', process.env['TANDEM_RETAIN_TICKS'])
    .option('--screen-every <seconds>', 'rank every pair of the stored symbols this often on the job lane and push it on the `screener` channel (0: off; env TANDEM_SCREEN_EVERY)', process.env['TANDEM_SCREEN_EVERY'] ?? '60')
    .action(async (opts: ServeOptions) => serve(opts));
}

async function serve(opts: ServeOptions): Promise<void> {
  const logger = await openRootLogger(opts);
  const log = logger.child({ component: 'serve' });
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port '${opts.port}' is not a port number (0-65535)`);
  const seed = Number(opts.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed '${opts.seed}' is not an integer`);
  const token = process.env['TANDEM_TOKEN'];
  if (!LOOPBACK.has(opts.host) && (token === undefined || token === '')) {
    throw new Error(`binding to ${opts.host} exposes the API beyond this machine: set TANDEM_TOKEN first (DESIGN.md, Server)`);
  }
  const backfill = parseLookback(opts.backfill, '--backfill');
  if (!backfill.ok) throw new Error(backfill.error.message);
  const history = parseLookback(opts.history, '--history');
  if (!history.ok) throw new Error(history.error.message);
  const retain = opts.retainTicks === undefined || opts.retainTicks.trim() === '' ? null : parseRetentionHorizon(opts.retainTicks, '--retain-ticks');
  if (retain !== null && !retain.ok) throw new Error(retain.error.message);
  const screenEvery = Number(opts.screenEvery);
  if (opts.screenEvery.trim() === '' || !Number.isInteger(screenEvery) || screenEvery < 0) throw new Error(`--screen-every '${opts.screenEvery}' is not a whole number of seconds ≥ 0`);
  const universe = universeOf(opts, opts.symbols, opts.source);
  const store = storeConfigOf(opts);
  const bus = busKindOf(opts) === 'redis';
  if (bus && opts.source !== undefined) throw new Error('--source and --bus exclude each other: with --bus, `tandem ingest` workers run the sources');
  const redisUrl = opts.redisUrl ?? (bus ? DEFAULT_REDIS_URL : undefined);
  const claimMs = process.env['TANDEM_BUS_CLAIM_MS'];
  if (claimMs !== undefined && !(Number.isInteger(Number(claimMs)) && Number(claimMs) >= 100)) throw new Error(`TANDEM_BUS_CLAIM_MS '${claimMs}' must be a whole number of ms ≥ 100`);
  const engine = await openEngine({
    store,
    seed,
    backfill: { lookbackMs: backfill.value },
    simulatorHistoryMs: history.value,
    ...(redisUrl === undefined
      ? {}
      : { redis: { url: redisUrl, prefix: opts.redisPrefix, bus, ...(claimMs === undefined ? {} : { busOptions: { consumer: { claimIdleMs: Number(claimMs) } } }) } }),
  });
  const app = await buildServer({ engine, version: VERSION, webRoot: WEB_ROOT, logger, ...(token ? { token } : {}), ...(retain === null ? {} : { retainTicks: { horizonMs: retain.value } }), screenEvery: { seconds: screenEvery } });
  const address = await app.listen({ host: opts.host, port });
  log.info({ event: 'listening', address, version: VERSION, store: describeStore(store) }, `tandem ${VERSION}: dashboard and API on ${address} (store: ${describeStore(store)})`);
  if (screenEvery > 0) log.info(`screener: every ${screenEvery} s, pushed on the screener channel`);
  if (retain !== null) log.info(`tick retention: ticks older than ${opts.retainTicks} are deleted every 10 minutes (bars stay)`);
  if (redisUrl !== undefined) log.info(`Redis ${withoutPassword(redisUrl)} (prefix ${opts.redisPrefix}): hot cache${bus ? ', ticks from the bus' : ''}`);
  if (opts.source !== undefined) {
    const rate = opts.rate === undefined ? undefined : Number(opts.rate);
    if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) throw new Error(`--rate '${opts.rate}' is not a positive number of trades per second`);
    await engine.startIngestion({ source: opts.source, symbols: opts.symbols.split(','), seed, ...(rate === undefined ? {} : { tradesPerSecond: rate }), ...(universe === undefined ? {} : { universe }) });
    const what = universe === undefined ? opts.symbols : `the USD-M perpetual universe (${(await engine.status()).symbols.length} symbols, quote ${universe.quote ?? 'any'})`;
    log.info(`ingesting ${what} from ${opts.source}`);
  }
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'shutdown', signal }, `${signal}: flushing and closing`);
    await app.close();
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
