/**
 * Builds a `MarketDataSource` from what a user asked for (`simulator` with symbols and a seed,
 * `binance` with symbols). Sources register here, so the engine and server never name adapters.
 * @module
 */

import type { Clock } from '../core/clock.js';
import { TandemError } from '../core/tandem-error.js';
import { BinanceFuturesSource, DEFAULT_BINANCE_REST_URL, DEFAULT_BINANCE_WS_URL, type BinanceSourceOptions } from '../ingest/binance/binance-futures-source.js';
import type { MarketDataSource } from '../ingest/market-data-source.js';
import { ReplaySource } from '../ingest/replay/replay-source.js';
import { parseReplaySpeed } from '../ingest/replay/replay-speed.js';
import { SimulatorSource } from '../ingest/simulator/simulator-source.js';

export interface SourceRequest {
  /** `simulator` (or its short name `sim`), `binance`, `replay`. */
  readonly source: string;
  readonly symbols: readonly string[];
  readonly seed?: number;
  /** `simulator`: trades per second across all symbols (default 300). */
  readonly tradesPerSecond?: number;
  /** `simulator`: also generate this much past (ms) as bars (`--history`; default 0). */
  readonly historyMs?: number;
  /** `replay`: the file to play. */
  readonly path?: string;
  /** `replay`: `1x`, `10x`, `100x` or `max` (default `max`). */
  readonly speed?: string;
  /**
   * `binance`: ingest the USD-M perpetual universe (every TRADING PERPETUAL of exchangeInfo,
   * quoted in `quote`, or in any asset when null) instead of `symbols`, re-checked every
   * `refreshMs` for listings and delistings. `symbols: ['ALL']` asks for it with USDT.
   */
  readonly universe?: { readonly quote: string | null; readonly refreshMs?: number };
}

/** `--symbols ALL`: the whole universe rather than a list. */
export function isAllSymbols(symbols: readonly string[]): boolean {
  return symbols.length === 1 && symbols[0]!.trim().toUpperCase() === 'ALL';
}

/** The quote asset of `--symbols ALL` when none is named: USDT, the desk's usual margin asset. */
export const DEFAULT_UNIVERSE_QUOTE = 'USDT';

export interface SourceContext {
  readonly clock: Clock;
  /** Seed used when the request names none. */
  readonly defaultSeed: number;
  /** The last stored Binance aggregate id of a symbol, to catch up from. */
  readonly lastBinanceTradeId?: (symbol: string) => Promise<number | null>;
  /** Environment to read base URLs from (TANDEM_BINANCE_WS_URL, TANDEM_BINANCE_REST_URL). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tuning of the Binance source (timeouts, rotation, limits); tests shorten its clocks. */
  readonly binance?: Partial<Omit<BinanceSourceOptions, 'symbols' | 'clock' | 'lastTradeId'>>;
}

type SourceBuilder = (req: SourceRequest, ctx: SourceContext) => MarketDataSource;

const builders = new Map<string, SourceBuilder>([
  [
    'simulator',
    (req, ctx) =>
      new SimulatorSource({
        symbols: req.symbols,
        seed: req.seed ?? ctx.defaultSeed,
        clock: ctx.clock,
        ...(req.tradesPerSecond === undefined ? {} : { tradesPerSecond: req.tradesPerSecond }),
        ...(req.historyMs === undefined ? {} : { historyMs: req.historyMs }),
      }),
  ],
  [
    'binance',
    (req, ctx) =>
      new BinanceFuturesSource({
        symbols: req.symbols,
        wsBaseUrl: ctx.env?.['TANDEM_BINANCE_WS_URL'] ?? DEFAULT_BINANCE_WS_URL,
        restBaseUrl: ctx.env?.['TANDEM_BINANCE_REST_URL'] ?? DEFAULT_BINANCE_REST_URL,
        clock: ctx.clock,
        ...(ctx.lastBinanceTradeId ? { lastTradeId: ctx.lastBinanceTradeId } : {}),
        ...ctx.binance,
        ...(req.universe === undefined ? {} : { universe: req.universe }),
      }),
  ],
  ['replay', buildReplaySource],
]);

function buildReplaySource(req: SourceRequest, ctx: SourceContext): MarketDataSource {
  if (req.path === undefined || req.path === '') throw new TandemError('invalid_request', "source 'replay' needs the path of a file to play");
  const speed = parseReplaySpeed(req.speed ?? 'max');
  if (!speed.ok) throw new TandemError(speed.error.code, speed.error.message);
  if (req.symbols.length > 1) throw new TandemError('invalid_request', `a replay plays one file: give its one symbol, not ${req.symbols.length}`);
  return new ReplaySource({ path: req.path, speed: speed.value, clock: ctx.clock, ...(req.symbols[0] === undefined ? {} : { symbol: req.symbols[0] }) });
}

const ALIASES: Readonly<Record<string, string>> = { sim: 'simulator' };

/** The sources that can be started, by canonical name. */
export function availableSources(): string[] {
  return [...builders.keys()];
}

/** The canonical name of a source (`sim` → `simulator`), or null when unknown. */
export function canonicalSourceName(name: string): string | null {
  const canonical = ALIASES[name] ?? name;
  return builders.has(canonical) ? canonical : null;
}

export function createSource(req: SourceRequest, ctx: SourceContext): MarketDataSource {
  const name = canonicalSourceName(req.source);
  if (name === null) {
    throw new TandemError('invalid_source', `source '${req.source}' is not available; choose one of: ${[...builders.keys()].join(', ')}`);
  }
  if (req.universe !== undefined && name !== 'binance') throw new TandemError('invalid_request', `universe: the USD-M perpetual universe (symbols ALL) is Binance's; source '${req.source}' needs a list of symbols`);
  return builders.get(name)!(req, ctx);
}
