/**
 * Market symbols such as `BTCUSDT`: upper case letters and digits, as Binance spells them.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;

/**
 * Normalises a user-typed symbol (`" btcusdt "` → `"BTCUSDT"`) and rejects anything that is
 * not 2-30 letters and digits.
 */
export function parseSymbol(input: string): Result<string> {
  const symbol = input.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(symbol)) {
    return err({ code: 'invalid_symbol', message: `symbol '${input}' is not 2-30 letters and digits (e.g. BTCUSDT)` });
  }
  return ok(symbol);
}

/** Parses a comma-separated list (`"btcusdt,ETHUSDT"`), de-duplicated, order kept. */
export function parseSymbolList(input: string | readonly string[]): Result<string[]> {
  const parts = (typeof input === 'string' ? input.split(',') : input).map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return err({ code: 'invalid_symbol', message: 'no symbols given' });
  const out: string[] = [];
  for (const part of parts) {
    const r = parseSymbol(part);
    if (!r.ok) return r;
    if (!out.includes(r.value)) out.push(r.value);
  }
  return ok(out);
}
