/**
 * The REST API's request and response schemas, declared once with TypeBox. Fastify validates
 * with them, OpenAPI is generated from them, and the web app imports their static types.
 * A schema's `title` is its name in the OpenAPI document (`server/openapi/component-schemas.ts`).
 * Times in answers are epoch milliseconds; `from`/`to` also take ISO-8601 (`time-bound.ts`).
 * @module
 */

import { Type, type Static } from 'typebox';
import { MAX_SIMULATOR_RATE } from '../../ingest/simulator/simulator-source.js';
import { TimeBound } from './time-bound.js';

/**
 * The part of every error body that clients read before errors were RFC 9457 problems
 * (`problem-schemas.ts`): a problem still carries it, so the dashboard and scripts that read
 * `error.code` and `error.message` need no change. Answers declare `Problem`, not this.
 */
export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeMs: Type.Number(),
}, { title: 'Health' });
export type Health = Static<typeof Health>;

export const HealthLive = Type.Object({ status: Type.Literal('live'), uptimeMs: Type.Number() }, { title: 'HealthLive' });
export type HealthLive = Static<typeof HealthLive>;

export const ReadinessCheck = Type.Object({
  ok: Type.Boolean(),
  ms: Type.Number({ description: 'how long the probe took, or until it was given up' }),
  error: Type.Optional(Type.String()),
}, { title: 'ReadinessCheck' });

const ReadinessChecks = Type.Record(Type.String(), ReadinessCheck, {
  description: '`store` always; `bus` with serve --bus redis; `redis` with the hot cache (TANDEM_REDIS_URL)',
});

export const Ready = Type.Object({ status: Type.Literal('ready'), checks: ReadinessChecks }, { title: 'Ready' });
export type Ready = Static<typeof Ready>;

export const NotReady = Type.Object({
  status: Type.Literal('not_ready'),
  failing: Type.Array(Type.String()),
  checks: ReadinessChecks,
  error: Type.Object({ code: Type.Literal('not_ready'), message: Type.String() }),
}, { title: 'NotReady' });
export type NotReady = Static<typeof NotReady>;

export const SourceKind = Type.Union([Type.Literal('simulator'), Type.Literal('binance'), Type.Literal('replay')], { title: 'SourceKind' });
export type SourceKind = Static<typeof SourceKind>;

export const IngestionState = Type.Union([Type.Literal('idle'), Type.Literal('starting'), Type.Literal('live'), Type.Literal('stopping'), Type.Literal('error')], { title: 'IngestionState' });
export type IngestionState = Static<typeof IngestionState>;

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** Data quality of one symbol's feed (Binance): see `SymbolQuality` in src/ingest. */
export const FeedQuality = Type.Object({
  symbol: Type.String(),
  state: Type.Union([Type.Literal('connecting'), Type.Literal('live'), Type.Literal('stalled'), Type.Literal('refilling'), Type.Literal('backing-off')]),
  messagesPerSecond: Type.Number(),
  lagP50Ms: NullableNumber,
  lagP99Ms: NullableNumber,
  gapsDetected: Type.Number(),
  tradesRefilled: Type.Number(),
  duplicatesDropped: Type.Number(),
  tradesUnrecovered: Type.Number(),
  malformedFrames: Type.Number(),
  reconnects: Type.Number(),
  lastReconnectReason: Type.Union([Type.String(), Type.Null()]),
}, { title: 'FeedQuality' });
export type FeedQuality = Static<typeof FeedQuality>;

/** Progress of one symbol's Binance history backfill (1m klines over the lookback). */
export const BackfillProgress = Type.Object({
  state: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('done'), Type.Literal('error'), Type.Literal('stopped')]),
  /** Minutes of the lookback window, up to the current 5m bucket (whose trades come from aggTrades). */
  minutesTotal: Type.Number(),
  /** Minutes stored: already present when the run began, plus fetched. */
  minutesDone: Type.Number(),
  /** Minutes already stored when the run began (skipped: resumed). */
  minutesPresent: Type.Number(),
  /** 1m bars written from klines by this run. */
  barsWritten: Type.Number(),
  requests: Type.Number(),
  /** Calls that paused because the used request weight (X-MBX-USED-WEIGHT-1M) was above the backfill's threshold. */
  weightWaits: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()]),
}, { title: 'BackfillProgress' });
export type BackfillProgress = Static<typeof BackfillProgress>;

/** A perpetual's latest mark price and funding (Binance `<symbol>@markPrice@1s`, or the simulator's). */
export const MarkPriceDto = Type.Object({
  symbol: Type.String(),
  /** Event time, epoch ms. */
  ts: Type.Number(),
  markPrice: Type.Number(),
  /** Null when the source has none. */
  indexPrice: NullableNumber,
  /** Estimated settle price; null when the source has none. */
  estimatedSettlePrice: NullableNumber,
  /** Funding rate of the coming settlement per 8 h, a fraction (0.0001 = 0.01 %); null for a delivery contract. */
  fundingRate: NullableNumber,
  /** Epoch ms of the next funding settlement; null for a delivery contract. */
  nextFundingTime: NullableNumber,
}, { title: 'MarkPrice' });
export type MarkPriceDto = Static<typeof MarkPriceDto>;

export const SymbolStatus = Type.Object({
  symbol: Type.String(),
  ticksPerSecond: Type.Number(),
  lastTickTs: NullableNumber,
  lastPrice: NullableNumber,
  ticksStored: Type.Number(),
  /** Null for sources without a feed to watch (the simulator). */
  quality: Type.Union([FeedQuality, Type.Null()]),
  /** Binance backfill progress; null when no backfill ran for this symbol. */
  backfill: Type.Optional(Type.Union([BackfillProgress, Type.Null()])),
  /** The latest mark price and funding rate (sources that stream them: Binance, the simulator); null otherwise. */
  mark: Type.Optional(Type.Union([MarkPriceDto, Type.Null()])),
}, { title: 'SymbolStatus' });
export type SymbolStatus = Static<typeof SymbolStatus>;

export const PlaybackProgress = Type.Object({
  state: Type.Union([Type.Literal('idle'), Type.Literal('loading'), Type.Literal('playing'), Type.Literal('done'), Type.Literal('stopped'), Type.Literal('error')]),
  path: Type.String(),
  speed: Type.String(),
  totalBytes: Type.Number(),
  bytesRead: Type.Number(),
  rowsRead: Type.Number(),
  ticksTotal: Type.Number(),
  ticksPlayed: Type.Number(),
  lastTickTs: NullableNumber,
  error: Type.Union([Type.String(), Type.Null()]),
}, { title: 'PlaybackProgress' });
export type PlaybackProgress = Static<typeof PlaybackProgress>;

/** The store holding the data: its kind and where it is (never a password). */
export const StoreStatus = Type.Object({
  kind: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  /** The SQLite file, or `host:port/database` of PostgreSQL. */
  location: Type.String(),
  /** The PostgreSQL schema; null for SQLite. */
  schema: Type.Union([Type.String(), Type.Null()]),
}, { title: 'StoreStatus' });
export type StoreStatus = Static<typeof StoreStatus>;

/** The Redis hot cache: `degraded` means reads go to the store (with `warning` saying why). */
export const CacheStatus = Type.Object({
  state: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('starting')]),
  warning: Type.Union([Type.String(), Type.Null()]),
  hits: Type.Number(),
  misses: Type.Number(),
  errors: Type.Number(),
}, { title: 'CacheStatus' });
export type CacheStatus = Static<typeof CacheStatus>;

/** The Redis Streams bus a `serve --bus redis` reads (docs/scaling.md). */
export const BusStatus = Type.Object({
  kind: Type.Optional(Type.Literal('redis')),
  prefix: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  /** Per symbol: entries in the stream, not yet delivered to the store group (lag), delivered but unacknowledged (pending). */
  streams: Type.Optional(Type.Array(Type.Object({ symbol: Type.String(), length: Type.Number(), lag: NullableNumber, pending: Type.Number() }))),
  /** Members of the store group (one per server), with their unacknowledged entries. */
  consumers: Type.Optional(Type.Array(Type.Object({ name: Type.String(), pending: Type.Number(), idleMs: Type.Number() }))),
  /** Ingest workers by their last heartbeat. */
  workers: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        source: Type.String(),
        symbols: Type.Array(Type.String()),
        pid: Type.Number(),
        host: Type.String(),
        startedAt: Type.Number(),
        updatedAt: Type.Number(),
        ageMs: Type.Number(),
        ticksPublished: Type.Number(),
        quality: Type.Array(FeedQuality),
      }),
    ),
  ),
  /** This server's member of the store group. */
  consumer: Type.Object({
    consumer: Type.String(),
    entriesCommitted: Type.Number(),
    ticksCommitted: Type.Number(),
    entriesClaimed: Type.Number(),
    consumersRemoved: Type.Number(),
    entriesDeadLettered: Type.Number(),
    commitFailures: Type.Number(),
    lastError: Type.Union([Type.String(), Type.Null()]),
  }),
  liveRepeatsDropped: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()]),
}, { title: 'BusStatus' });
export type BusStatus = Static<typeof BusStatus>;

export const Status = Type.Object({
  source: Type.Union([SourceKind, Type.Null()]),
  state: IngestionState,
  /** Why the state is `error`, else null. */
  reason: Type.Union([Type.String(), Type.Null()]),
  symbols: Type.Array(SymbolStatus),
  ticksPerSecond: Type.Number(),
  rowsStored: Type.Object({ ticks: Type.Number(), bars: Type.Number() }),
  timeframes: Type.Array(Type.String()),
  serverTime: Type.Number(),
  /** Sources that can be started (`simulator`, `binance`, `replay`). */
  sources: Type.Array(Type.String()),
  /** Progress of a file being replayed, else null. */
  playback: Type.Union([PlaybackProgress, Type.Null()]),
  store: StoreStatus,
  /** The bus this server reads ticks from; null when it runs its own sources. */
  bus: Type.Optional(Type.Union([BusStatus, Type.Null()])),
  /** The Redis hot cache; null when none is configured. */
  cache: Type.Optional(Type.Union([CacheStatus, Type.Null()])),
}, { title: 'Status' });
export type Status = Static<typeof Status>;

export const IngestionStartBody = Type.Object(
  {
    source: Type.Union([SourceKind, Type.Literal('sim')]),
    symbols: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 100 }),
    seed: Type.Optional(Type.Integer()),
    /** `sim`: trades per second across the symbols (default 20 per symbol). */
    tradesPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_SIMULATOR_RATE })),
    /** `replay`: path of the file to play, on the server's machine. */
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    /** `replay`: how fast to play it (default `max`). */
    speed: Type.Optional(Type.Union([Type.Literal('1x'), Type.Literal('10x'), Type.Literal('100x'), Type.Literal('max')])),
  },
  { title: 'IngestionStartBody', additionalProperties: false },
);
export type IngestionStartBody = Static<typeof IngestionStartBody>;

export const SymbolInfo = Type.Object({
  symbol: Type.String(),
  ticks: Type.Number(),
  firstTs: Type.Union([Type.Number(), Type.Null()]),
  lastTs: Type.Union([Type.Number(), Type.Null()]),
}, { title: 'SymbolInfo' });
export const SymbolList = Type.Object({ items: Type.Array(SymbolInfo) }, { title: 'SymbolList' });
export type SymbolList = Static<typeof SymbolList>;

const Limit = Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 });
const From = TimeBound('inclusive lower bound');
const To = TimeBound('exclusive upper bound');

export const BarsQuery = Type.Object(
  {
    symbol: Type.String({ minLength: 1, maxLength: 30 }),
    tf: Type.String({ minLength: 1, maxLength: 12 }),
    from: Type.Optional(From),
    to: Type.Optional(To),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    /**
     * At most this many points (the chart's pixel width): the whole range as the OHLC of
     * equal buckets, a whole multiple of `tf` wide (`bucketMs` in the answer); `limit` and
     * `cursor` do not apply.
     */
    maxPoints: Type.Optional(Type.Integer({ minimum: 2, maximum: 20_000 })),
  },
  { additionalProperties: false },
);
export type BarsQuery = Static<typeof BarsQuery>;

export const BarDto = Type.Object({
  symbol: Type.String(),
  tf: Type.String(),
  start: Type.Number(),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  volume: Type.Number(),
  vwap: Type.Number(),
  trades: Type.Number(),
}, { title: 'Bar' });
export type BarDto = Static<typeof BarDto>;

export const BarsPage = Type.Object({
  items: Type.Array(BarDto),
  next: Type.Union([Type.String(), Type.Null()]),
  /** With `maxPoints`: the width of each item's bucket in ms (the timeframe when nothing was merged). */
  bucketMs: Type.Optional(Type.Number()),
}, { title: 'BarsPage' });
export type BarsPage = Static<typeof BarsPage>;

export const CoverageQuery = Type.Object(
  { tf: Type.Optional(Type.String({ minLength: 1, maxLength: 12, default: '1m', description: 'a stored timeframe' })) },
  { additionalProperties: false },
);
export type CoverageQuery = Static<typeof CoverageQuery>;

export const SymbolCoverage = Type.Object({
  symbol: Type.String(),
  /** Start of the earliest and of the latest stored bar, epoch ms. */
  firstStart: Type.Number(),
  lastStart: Type.Number(),
}, { title: 'SymbolCoverage' });
export type SymbolCoverage = Static<typeof SymbolCoverage>;

export const CoverageResponse = Type.Object({ tf: Type.String(), items: Type.Array(SymbolCoverage) }, { title: 'CoverageResponse' });
export type CoverageResponse = Static<typeof CoverageResponse>;

export const TicksQuery = Type.Object(
  {
    symbol: Type.String({ minLength: 1, maxLength: 30 }),
    from: Type.Optional(From),
    to: Type.Optional(To),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TicksQuery = Static<typeof TicksQuery>;

export const TickDto = Type.Object({
  symbol: Type.String(),
  ts: Type.Number(),
  price: Type.Number(),
  qty: Type.Number(),
  tradeId: Type.Number(),
  buyerMaker: Type.Boolean(),
}, { title: 'Tick' });
export type TickDto = Static<typeof TickDto>;

export const TicksPage = Type.Object({ items: Type.Array(TickDto), next: Type.Union([Type.String(), Type.Null()]) }, { title: 'TicksPage' });
export type TicksPage = Static<typeof TicksPage>;

/** `POST /api/import/ticks` query. */
export const ImportTicksQuery = Type.Object(
  {
    symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    format: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('binance'), Type.Literal('tandem-csv'), Type.Literal('ndjson')])),
    force: Type.Optional(Type.Boolean({ description: 'import even when the same bytes were imported before' })),
  },
  { additionalProperties: false },
);
export type ImportTicksQuery = Static<typeof ImportTicksQuery>;

/** `POST /api/import/ohlc` query. */
export const ImportOhlcQuery = Type.Object(
  {
    symbol: Type.String({ minLength: 1, maxLength: 30 }),
    tf: Type.String({ minLength: 1, maxLength: 12 }),
  },
  { additionalProperties: false },
);
export type ImportOhlcQuery = Static<typeof ImportOhlcQuery>;

/**
 * What an import did: ticks new and already stored, bars written, data rows read; for a tick
 * file also its SHA-256 and whether it was skipped as imported before.
 */
export const ImportResult = Type.Object({
  inserted: Type.Number(),
  duplicates: Type.Number(),
  bars: Type.Number(),
  rows: Type.Number(),
  sha256: Type.Optional(Type.String()),
  skipped: Type.Optional(Type.Boolean()),
}, { title: 'ImportResult' });
export type ImportResult = Static<typeof ImportResult>;

/**
 * The `error` member of an import's problem: `ErrorBody` plus, for a rejected file
 * (`invalid_file`), every bad row (up to 1,000) and the count of bad rows beyond those.
 */
export const ImportErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    rows: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), reason: Type.String() }))),
    moreRows: Type.Optional(Type.Integer()),
  }),
});
export type ImportErrorBody = Static<typeof ImportErrorBody>;

export const ExportTicksQuery = Type.Object(
  { symbol: Type.String({ minLength: 1, maxLength: 30 }), from: Type.Optional(From), to: Type.Optional(To) },
  { additionalProperties: false },
);
export type ExportTicksQuery = Static<typeof ExportTicksQuery>;

export const ExportBarsQuery = Type.Object(
  { symbol: Type.String({ minLength: 1, maxLength: 30 }), tf: Type.String({ minLength: 1, maxLength: 12 }), from: Type.Optional(From), to: Type.Optional(To) },
  { additionalProperties: false },
);
export type ExportBarsQuery = Static<typeof ExportBarsQuery>;

/**
 * A CSV download's 200: `text/csv` in the document. The route sends a stream that no schema
 * serializes, hence `unknown` as the static type of the reply.
 */
export function csvResponse(description: string) {
  return { description, content: { 'text/csv': { schema: Type.Unsafe<unknown>(Type.String({ description: 'UTF-8 CSV with a header row' })) } } };
}
