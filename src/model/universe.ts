/**
 * Naming a universe of symbols rather than a list: `--symbols ALL` or `--universe usdm-perpetual`
 * (Binance's USD-M perpetuals, `src/ingest/binance/usdm-universe.ts`), with a quote filter.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';

/** The universe names the CLI and config accept (`ALL` as a symbol list means the first). */
export const UNIVERSE_NAMES = ['usdm-perpetual'] as const;
export type UniverseName = (typeof UNIVERSE_NAMES)[number];

/** Checks a universe name, naming the accepted ones. */
export function parseUniverseName(text: string): Result<UniverseName> {
  const t = text.trim().toLowerCase();
  return (UNIVERSE_NAMES as readonly string[]).includes(t) ? ok(t as UniverseName) : err({ code: 'invalid_request', message: `universe '${text}' is not one of: ${UNIVERSE_NAMES.join(', ')}` });
}

/** Parses a `--quote` value: an asset such as `USDT` (upper-cased), or `ANY`/`*` for every quote. */
export function parseUniverseQuote(text: string): Result<string | null> {
  const t = text.trim().toUpperCase();
  if (t === 'ANY' || t === '*') return ok(null);
  if (!/^[A-Z0-9]{2,10}$/.test(t)) return err({ code: 'invalid_request', message: `quote '${text}' is not an asset such as USDT (or ANY for every quote)` });
  return ok(t);
}
