/**
 * The universe options of `serve` and `ingest`: `--symbols ALL` or `--universe usdm-perpetual`
 * ingest every TRADING USD-M perpetual of Binance's exchangeInfo (quoted in `--quote`, USDT by
 * default; `ANY` for every quote), re-checked every `--universe-refresh` (default 10m) for
 * listings and delistings. Each has a config key and variable (`universe`, `universeQuote`,
 * `universeRefresh`; docs/configuration.md).
 * @module
 */

import type { Command } from 'commander';
import { canonicalSourceName, DEFAULT_UNIVERSE_QUOTE, isAllSymbols } from '../engine/source-factory.js';
import { parseLookback } from '../model/lookback.js';
import { parseUniverseName, parseUniverseQuote } from '../model/universe.js';

export interface UniverseOptions {
  universe?: string;
  quote?: string;
  universeRefresh?: string;
}

export function withUniverseOptions(cmd: Command): Command {
  return cmd
    .option('--universe <name>', 'binance: ingest every TRADING USD-M perpetual instead of --symbols: usdm-perpetual (same as --symbols ALL; env TANDEM_UNIVERSE)', process.env['TANDEM_UNIVERSE'])
    .option('--quote <asset>', 'the universe\'s quote asset, or ANY (env TANDEM_UNIVERSE_QUOTE)', process.env['TANDEM_UNIVERSE_QUOTE'] ?? DEFAULT_UNIVERSE_QUOTE)
    .option('--universe-refresh <period>', 'how often the universe re-checks exchangeInfo for listings and delistings, e.g. 10m (env TANDEM_UNIVERSE_REFRESH)', process.env['TANDEM_UNIVERSE_REFRESH'] ?? '10m');
}

/** The universe asked for (by `--universe` or `--symbols ALL`), or undefined for a symbol list; throws with the flag named. */
export function universeOf(opts: UniverseOptions, symbols: string, source: string | undefined): { quote: string | null; refreshMs: number } | undefined {
  const named = opts.universe !== undefined && opts.universe.trim() !== '';
  if (!named && !isAllSymbols(symbols.split(','))) return undefined;
  const flag = named ? '--universe' : '--symbols ALL';
  if (source !== undefined && canonicalSourceName(source) !== 'binance') throw new Error(`${flag}: the USD-M perpetual universe is Binance's; --source ${source} needs a list of symbols`);
  if (named) {
    const n = parseUniverseName(opts.universe!);
    if (!n.ok) throw new Error(`--universe: ${n.error.message}`);
  }
  const quote = parseUniverseQuote(opts.quote ?? DEFAULT_UNIVERSE_QUOTE);
  if (!quote.ok) throw new Error(`--quote: ${quote.error.message}`);
  const refresh = parseLookback(opts.universeRefresh ?? '10m', '--universe-refresh');
  if (!refresh.ok) throw new Error(refresh.error.message);
  if (refresh.value === 0) throw new Error('--universe-refresh must be at least 1m');
  return { quote: quote.value, refreshMs: refresh.value };
}
