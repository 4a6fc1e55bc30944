/**
 * Number and time formatting for a dense, tabular display: prices with as many decimals as
 * their magnitude needs, compact volumes, signed changes, UTC times.
 * @module
 */

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = formatters.get(key);
  if (f === undefined) formatters.set(key, (f = new Intl.NumberFormat('en-US', options)));
  return f;
}

const MINUS = '\u2212';
export const DASH = '\u2014';

/**
 * Decimals a price needs, by magnitude, close to exchange tick sizes: 1 from 10,000
 * (BTC 97,123.4), 2 from 10 (ETH 3,456.78), 3 from 1, 5 from 0.01, else 8.
 */
export function priceDecimals(price: number): number {
  const a = Math.abs(price);
  if (!Number.isFinite(a) || a === 0) return 2;
  if (a >= 10_000) return 1;
  if (a >= 10) return 2;
  if (a >= 1) return 3;
  if (a >= 0.01) return 5;
  return 8;
}

/** `97123.44` → `"97,123.4"`; `decimals` defaults to `priceDecimals(price)`. */
export function formatPrice(price: number | null | undefined, decimals?: number): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return DASH;
  const d = decimals ?? priceDecimals(price);
  return numberFormat(`p${d}`, { minimumFractionDigits: d, maximumFractionDigits: d }).format(price);
}

/** A signed change with a true minus sign: `"+12.5"`, `"−0.03"`. */
export function formatSignedPrice(delta: number, decimals: number): string {
  if (!Number.isFinite(delta)) return DASH;
  const body = formatPrice(Math.abs(delta), decimals);
  return `${delta < 0 ? MINUS : '+'}${body}`;
}

/** A signed percentage from a fraction: `0.0123` → `"+1.23%"`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return DASH;
  const body = numberFormat('pct', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(fraction * 100));
  return `${fraction < 0 ? MINUS : '+'}${body}%`;
}

/** Volumes in base units, compact above 10,000: `12.345`, `1,234.5`, `12.3K`, `4.56M`. */
export function formatVolume(volume: number | null | undefined): string {
  if (volume === null || volume === undefined || !Number.isFinite(volume)) return DASH;
  const a = Math.abs(volume);
  if (a >= 10_000) return numberFormat('compact', { notation: 'compact', maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(volume);
  if (a >= 100) return numberFormat('v1', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(volume);
  return numberFormat('v3', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(volume);
}

/** Whole counts with separators, compact from ten million: `1,234,567`, `12.3M`. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (Math.abs(n) >= 10_000_000) return numberFormat('ccompact', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  return numberFormat('int', { maximumFractionDigits: 0 }).format(n);
}

/** A rate per second, whole above 10: `312`, `4.5`. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return DASH;
  return numberFormat(perSecond >= 10 ? 'int' : 'r1', { minimumFractionDigits: perSecond >= 10 ? 0 : 1, maximumFractionDigits: perSecond >= 10 ? 0 : 1 }).format(perSecond);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * A UTC time for a bar of timeframe `tfMs`: `14:03:05`, with milliseconds below one second
 * (`14:03:05.250`) and with the date from one day up (`2026-11-24`).
 */
export function formatBarTime(ms: number, tfMs: number, withDate = false): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (tfMs >= 86_400_000) return date;
  let time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (tfMs < 60_000 || d.getUTCSeconds() !== 0) time += `:${pad(d.getUTCSeconds())}`;
  if (tfMs < 1000) time += `.${pad(d.getUTCMilliseconds(), 3)}`;
  return withDate ? `${date} ${time}` : time;
}

/** A duration for labels: `45s`, `83m`, `5h`, `2d`. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return DASH;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}
