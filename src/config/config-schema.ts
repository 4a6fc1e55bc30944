/**
 * Every setting Tandem reads from its environment, in one table: its key in a config file
 * (`tandem.config.json`), its environment variable, its TypeBox schema (the type a config
 * file gives it), whether it is a secret, and, where a setting has its own grammar (a
 * lookback, a retention horizon, an allow list), the parser the code itself uses, so the
 * config is checked by the same rules that later apply it.
 *
 * Settings are flat and named like their variables: `port` is `TANDEM_PORT`, `pgUrl` is
 * `TANDEM_PG_URL`. Command-line flags, where a command has one, override both.
 * @module
 */

import { Type, type TSchema } from 'typebox';
import { WebhookAllowList } from '../alerts/webhook-guard.js';
import { parseRetentionHorizon } from '../jobs/retention/retention-horizon.js';
import { parseLookback } from '../model/lookback.js';
import { parseUniverseQuote } from '../model/universe.js';

export interface Setting {
  /** The key in a config file, camelCase. */
  readonly key: string;
  /** The environment variable. */
  readonly env: string;
  /** The JSON type a config file gives it (environment values are coerced to it first). */
  readonly schema: TSchema;
  readonly help: string;
  /** A secret: `tandem config` prints it masked (a URL's password only). */
  readonly secret?: 'whole' | 'url-password';
  /** Checks beyond the type: the message of what is wrong, or null. */
  readonly check?: (value: unknown) => string | null;
  /** The value when nothing sets it, as the code defaults it (for `tandem config`). */
  readonly defaultText?: string;
  /** For developers and benchmarks: not shown by `tandem config` unless set. */
  readonly developer?: boolean;
}

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const PositiveInt = Type.Integer({ minimum: 1 });
const NonEmpty = Type.String({ minLength: 1 });
const Url = (protocols: readonly string[]) => Type.String({ minLength: 1, pattern: `^(${protocols.join('|')})://` });

const parsedBy =
  (parse: (text: string) => { ok: boolean; error?: { message: string } }) =>
  (value: unknown): string | null => {
    const r = parse(String(value));
    return r.ok ? null : (r.error?.message ?? 'invalid');
  };

const throwsMessage =
  (f: (text: string) => unknown) =>
  (value: unknown): string | null => {
    try {
      f(String(value));
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };

export const SETTINGS: readonly Setting[] = [
  { key: 'host', env: 'TANDEM_HOST', schema: NonEmpty, help: 'address `serve` binds; other than loopback it needs token', defaultText: '127.0.0.1' },
  { key: 'port', env: 'TANDEM_PORT', schema: Port, help: 'port `serve` listens on', defaultText: '8501' },
  { key: 'token', env: 'TANDEM_TOKEN', schema: Type.String(), secret: 'whole', help: 'API token: every request must carry it (Bearer, ?token= or the session cookie)' },
  { key: 'logLevel', env: 'TANDEM_LOG_LEVEL', schema: Type.Union(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].map((l) => Type.Literal(l))), help: 'log level of `serve` and `ingest`', defaultText: 'info' },
  { key: 'store', env: 'TANDEM_STORE', schema: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]), help: 'where ticks, bars and alerts are stored', defaultText: 'sqlite' },
  { key: 'db', env: 'TANDEM_DB', schema: NonEmpty, help: 'SQLite file', defaultText: 'data/tandem.db' },
  { key: 'pgUrl', env: 'TANDEM_PG_URL', schema: Url(['postgres', 'postgresql']), secret: 'url-password', help: 'PostgreSQL URL for store postgres' },
  { key: 'pgSchema', env: 'TANDEM_PG_SCHEMA', schema: Type.String({ pattern: '^[a-z_][a-z0-9_]*$' }), help: 'PostgreSQL schema (a lower-case SQL identifier)', defaultText: 'public' },
  { key: 'redisUrl', env: 'TANDEM_REDIS_URL', schema: Url(['redis', 'rediss']), secret: 'url-password', help: 'Redis for the hot cache and the bus' },
  { key: 'redisPrefix', env: 'TANDEM_REDIS_PREFIX', schema: Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), help: 'key prefix separating deployments on one Redis', defaultText: 'tandem' },
  { key: 'dataDir', env: 'TANDEM_DATA_DIR', schema: NonEmpty, help: 'the folder replay paths sent over the API must lie in', defaultText: 'data' },
  { key: 'webhookAllow', env: 'TANDEM_WEBHOOK_ALLOW', schema: Type.String(), check: throwsMessage((t) => WebhookAllowList.parse(t)), help: 'private addresses or CIDR blocks alert webhooks may reach (comma-separated)' },
  { key: 'importMaxBytes', env: 'TANDEM_IMPORT_MAX_BYTES', schema: PositiveInt, help: 'largest upload accepted by POST /api/import/*', defaultText: '209715200' },
  { key: 'jobWorkers', env: 'TANDEM_JOB_WORKERS', schema: PositiveInt, help: 'worker threads of the job lane', defaultText: 'CPU count' },
  { key: 'jobQueue', env: 'TANDEM_JOB_QUEUE', schema: PositiveInt, help: 'jobs that may wait for a worker before 503', defaultText: '4 per worker' },
  { key: 'binanceWsUrl', env: 'TANDEM_BINANCE_WS_URL', schema: Url(['ws', 'wss']), help: 'Binance USD-M WebSocket base', defaultText: 'wss://fstream.binance.com' },
  { key: 'binanceRestUrl', env: 'TANDEM_BINANCE_REST_URL', schema: Url(['http', 'https']), help: 'Binance USD-M REST base', defaultText: 'https://fapi.binance.com' },
  { key: 'backfill', env: 'TANDEM_BACKFILL', schema: Type.String(), check: parsedBy((t) => parseLookback(t, 'backfill')), help: 'Binance: 1m klines fetched on start (0: none)', defaultText: '2d' },
  { key: 'universe', env: 'TANDEM_UNIVERSE', schema: Type.Union([Type.Literal('usdm-perpetual')]), help: 'Binance: ingest every TRADING USD-M perpetual of exchangeInfo instead of --symbols (same as --symbols ALL)' },
  { key: 'universeQuote', env: 'TANDEM_UNIVERSE_QUOTE', schema: Type.String(), check: parsedBy((t) => parseUniverseQuote(t)), help: 'the universe\'s quote asset (ANY: every quote)', defaultText: 'USDT' },
  { key: 'universeRefresh', env: 'TANDEM_UNIVERSE_REFRESH', schema: Type.String(), check: parsedBy((t) => parseLookback(t, 'universeRefresh')), help: 'how often the universe re-checks exchangeInfo for listings and delistings', defaultText: '10m' },
  { key: 'history', env: 'TANDEM_HISTORY', schema: Type.String(), check: parsedBy((t) => parseLookback(t, 'history')), help: 'simulator: deterministic past generated on start', defaultText: '0' },
  { key: 'simRate', env: 'TANDEM_SIM_RATE', schema: Type.Number({ exclusiveMinimum: 0 }), help: 'simulator trades per second across the symbols', defaultText: '20 per symbol' },
  { key: 'retainTicks', env: 'TANDEM_RETAIN_TICKS', schema: Type.String(), check: parsedBy((t) => parseRetentionHorizon(t, 'retainTicks')), help: 'delete ticks older than this (bars stay)', defaultText: 'keep all' },
  { key: 'screenEvery', env: 'TANDEM_SCREEN_EVERY', schema: Type.Integer({ minimum: 0 }), help: '`serve`: seconds between screens of the stored universe pushed on the `screener` channel (0: off)', defaultText: '60' },
  { key: 'busMaxlen', env: 'TANDEM_BUS_MAXLEN', schema: Type.Integer({ minimum: 100 }), help: 'cap of each bus stream in entries', defaultText: '250000' },
  { key: 'busClaimMs', env: 'TANDEM_BUS_CLAIM_MS', schema: Type.Integer({ minimum: 100 }), help: 'idle time after which another server claims a member\'s entries', defaultText: '30000' },
  { key: 'metricsPort', env: 'TANDEM_METRICS_PORT', schema: Port, help: '`ingest`: serve Prometheus /metrics on this port' },
  { key: 'metricsHost', env: 'TANDEM_METRICS_HOST', schema: NonEmpty, help: '`ingest`: address of the metrics port', defaultText: '127.0.0.1' },
  // Benchmarks and the test harness.
  { key: 'chromium', env: 'TANDEM_CHROMIUM', schema: NonEmpty, help: 'Chromium binary of browser tests and benchmarks', developer: true },
  { key: 'benchPgUrl', env: 'TANDEM_BENCH_PG_URL', schema: Url(['postgres', 'postgresql']), secret: 'url-password', help: 'PostgreSQL of `bench --only store`', developer: true },
  { key: 'benchBusTicks', env: 'TANDEM_BENCH_BUS_TICKS', schema: PositiveInt, help: 'ticks of `bench --only bus`', developer: true },
  { key: 'benchProfileDir', env: 'TANDEM_BENCH_PROFILE_DIR', schema: NonEmpty, help: 'where `bench --only history` writes the server\'s CPU profile', developer: true },
  { key: 'latencyDump', env: 'TANDEM_LATENCY_DUMP', schema: NonEmpty, help: 'where `bench --latency` writes its samples', developer: true },
];

export const SETTING_BY_KEY: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((s) => [s.key, s]));
export const SETTING_BY_ENV: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((s) => [s.env, s]));

/** The file `serve` and the other commands read when no `--config` names one. */
export const DEFAULT_CONFIG_FILE = 'tandem.config.json';
