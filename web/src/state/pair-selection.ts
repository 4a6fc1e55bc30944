/**
 * What the Pair Analytics tab shows (`y`, `x`, timeframe, hedge method, window) and its URL:
 * `#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60`. The URL is the tab's public
 * address: the Overview links to `#/pair?y=..&x=..` and a view is shared by copying it, so
 * the format stays stable. Missing or invalid parameters fall back to defaults one by one;
 * the server's own rule (`parsePairSpec` in src/model) decides what is valid.
 * @module
 */

import { DEFAULT_TIMEFRAMES } from '../../../src/model/timeframe';
import { DEFAULT_PAIR_WINDOW, DEFAULT_PRICE_SCALE, HEDGE_METHODS, MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, PRICE_SCALES, type HedgeMethod, type PriceScale } from '../../../src/model/pair-spec';
import { parseSymbol } from '../../../src/model/market-symbol';

/** The timeframes the tab offers: the stored ones, so history never needs a rebuild from ticks. */
export const PAIR_TIMEFRAMES: readonly string[] = DEFAULT_TIMEFRAMES;
export const PAIR_METHODS: readonly HedgeMethod[] = HEDGE_METHODS;
export { MAX_PAIR_WINDOW, MIN_PAIR_WINDOW };

export interface PairSelection {
  /** Dependent leg. */
  readonly y: string;
  /** Independent leg. */
  readonly x: string;
  readonly tf: string;
  readonly method: HedgeMethod;
  readonly window: number;
  /** The scale of the hedge regression and the spread (`raw` unless the address says `prices=log`). */
  readonly prices: PriceScale;
}

/** The default view: the simulator's two largest legs, Kalman beta, the API's default window. */
export const DEFAULT_PAIR_SELECTION: PairSelection = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', method: 'kalman', window: DEFAULT_PAIR_WINDOW, prices: DEFAULT_PRICE_SCALE };

/** The hash prefix of the tab. */
export const PAIR_ROUTE = '#/pair';

/** True when `hash` addresses the Pair Analytics tab (`#/pair` or `#/pair?...`). */
export function isPairHash(hash: string): boolean {
  return hash === PAIR_ROUTE || hash.startsWith(`${PAIR_ROUTE}?`);
}

const symbolOr = (raw: string | null, fallback: string): string => {
  if (raw === null) return fallback;
  const r = parseSymbol(raw);
  return r.ok ? r.value : fallback;
};

/**
 * The selection a `#/pair?...` hash asks for, or null for any other hash. Each parameter that
 * is missing or invalid takes its value from `fallback`; when y and x come out equal, x falls
 * back (and if that is y too, to the other default leg), so the result is always a valid pair.
 *
 * @example
 * parsePairHash('#/pair?y=solusdt&x=BTCUSDT', DEFAULT_PAIR_SELECTION)
 * // → { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1m', method: 'kalman', window: 20, prices: 'raw' }
 */
export function parsePairHash(hash: string, fallback: PairSelection = DEFAULT_PAIR_SELECTION): PairSelection | null {
  if (!isPairHash(hash)) return null;
  const q = new URLSearchParams(hash.slice(PAIR_ROUTE.length + 1));
  const y = symbolOr(q.get('y'), fallback.y);
  let x = symbolOr(q.get('x'), fallback.x);
  if (x === y) x = [fallback.x, fallback.y, 'BTCUSDT', 'ETHUSDT'].find((s) => s !== y) as string;
  const tfRaw = q.get('tf');
  const tf = tfRaw !== null && PAIR_TIMEFRAMES.includes(tfRaw) ? tfRaw : fallback.tf;
  const methodRaw = q.get('method')?.toLowerCase() ?? null;
  const method = methodRaw !== null && (PAIR_METHODS as readonly string[]).includes(methodRaw) ? (methodRaw as HedgeMethod) : fallback.method;
  const windowRaw = q.get('window');
  const w = windowRaw === null || windowRaw.trim() === '' ? Number.NaN : Number(windowRaw);
  const window = Number.isInteger(w) && w >= MIN_PAIR_WINDOW && w <= MAX_PAIR_WINDOW ? w : fallback.window;
  const pricesRaw = q.get('prices');
  const prices = pricesRaw !== null && (PRICE_SCALES as readonly string[]).includes(pricesRaw) ? (pricesRaw as PriceScale) : fallback.prices;
  return { y, x, tf, method, window, prices };
}

/**
 * The hash of a selection, parameters in a fixed order: `#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60`,
 * plus `&prices=log` on log prices (raw-price addresses keep their old form).
 */
export function pairHash(s: PairSelection): string {
  const q = new URLSearchParams({ y: s.y, x: s.x, tf: s.tf, method: s.method, window: String(s.window), ...(s.prices === 'log' ? { prices: 'log' } : {}) });
  return `${PAIR_ROUTE}?${q.toString()}`;
}

/** The WebSocket channel of a selection, as the server names it (`pairChannelName`). */
export function pairChannel(s: PairSelection): string {
  return `pair:${s.y}:${s.x}:${s.tf}:${s.method}:${s.window}${s.prices === 'log' ? ':log' : ''}`;
}

/** True when two selections show the same thing. */
export function sameSelection(a: PairSelection, b: PairSelection): boolean {
  return a.y === b.y && a.x === b.x && a.tf === b.tf && a.method === b.method && a.window === b.window;
}
