/**
 * Builds a `MarketDataSource` from what a user asked for (`simulator` with symbols and a seed).
 * New sources (Binance, replay) register here, so the engine and server never name adapters.
 * @module
 */

import type { Clock } from '../core/clock.js';
import { TandemError } from '../core/tandem-error.js';
import type { MarketDataSource } from '../ingest/market-data-source.js';
import { SimulatorSource } from '../ingest/simulator/simulator-source.js';

export interface SourceRequest {
  /** `simulator` (or its short name `sim`). */
  readonly source: string;
  readonly symbols: readonly string[];
  readonly seed?: number;
}

export interface SourceContext {
  readonly clock: Clock;
  /** Seed used when the request names none. */
  readonly defaultSeed: number;
}

type SourceBuilder = (req: SourceRequest, ctx: SourceContext) => MarketDataSource;

const builders = new Map<string, SourceBuilder>([
  ['simulator', (req, ctx) => new SimulatorSource({ symbols: req.symbols, seed: req.seed ?? ctx.defaultSeed, clock: ctx.clock })],
]);

const ALIASES: Readonly<Record<string, string>> = { sim: 'simulator' };

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
  return builders.get(name)!(req, ctx);
}
