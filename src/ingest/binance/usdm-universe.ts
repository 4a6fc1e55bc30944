/**
 * The USD-M perpetual universe (`--symbols ALL`, `--universe usdm-perpetual`): which symbols of
 * `GET /fapi/v1/exchangeInfo` Tandem ingests. A symbol is in when its `contractType` is
 * `PERPETUAL`, its `status` is `TRADING` and, unless the quote filter is off, its `quoteAsset`
 * is the chosen one (USDT by default: the desk's usual choice; USDC-quoted perpetuals of the
 * same coins would double every asset). Delivery contracts (`CURRENT_QUARTER`...), and symbols
 * `PENDING_TRADING`, `SETTLING`, `CLOSE`... are out. `diffUniverse` tells a re-check's
 * listings and delistings.
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';

export { parseUniverseQuote } from '../../model/universe.js';

/** The fields of one `symbols[]` entry of exchangeInfo that the universe reads. */
export interface UsdmSymbolInfo {
  readonly symbol: string;
  readonly pair: string;
  readonly contractType: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly onboardDate: number | null;
}

/** The universe's definition: the quote asset (upper case) or null for every quote. */
export interface UniverseSpec {
  readonly quote: string | null;
}

/** Reads the `symbols` of an exchangeInfo body; an entry without a string `symbol` is refused with its index. */
export function parseExchangeSymbols(body: unknown): Result<UsdmSymbolInfo[]> {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { symbols?: unknown }).symbols)) {
    return err({ code: 'binance_rest', message: 'exchangeInfo has no symbols array' });
  }
  const out: UsdmSymbolInfo[] = [];
  const rows = (body as { symbols: unknown[] }).symbols;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null || typeof r['symbol'] !== 'string') return err({ code: 'binance_rest', message: `exchangeInfo symbols[${k}] has no symbol` });
    const text = (field: string): string => (typeof r[field] === 'string' ? (r[field] as string) : '');
    const onboard = r['onboardDate'];
    out.push({
      symbol: r['symbol'],
      pair: text('pair'),
      contractType: text('contractType'),
      status: text('status'),
      baseAsset: text('baseAsset'),
      quoteAsset: text('quoteAsset'),
      onboardDate: typeof onboard === 'number' && Number.isSafeInteger(onboard) ? onboard : null,
    });
  }
  return ok(out);
}

/** The symbols of the universe, in exchangeInfo's order, de-duplicated. */
export function selectUniverse(infos: readonly UsdmSymbolInfo[], spec: UniverseSpec): string[] {
  const out = new Set<string>();
  for (const s of infos) {
    if (s.contractType !== 'PERPETUAL' || s.status !== 'TRADING') continue;
    if (spec.quote !== null && s.quoteAsset !== spec.quote) continue;
    // Tandem's symbols are 2-30 letters and digits; a symbol outside that (none today) is skipped, not fatal.
    if (!/^[A-Z0-9]{2,30}$/.test(s.symbol)) continue;
    out.add(s.symbol);
  }
  return [...out];
}

/** What changed between two selections: symbols listed (in `next` only) and delisted (in `current` only). */
export function diffUniverse(current: Iterable<string>, next: readonly string[]): { readonly listed: string[]; readonly delisted: string[] } {
  const now = new Set(current);
  const then = new Set(next);
  return { listed: next.filter((s) => !now.has(s)), delisted: [...now].filter((s) => !then.has(s)) };
}
