/**
 * Reading symbol and timeframe query parameters, with a 400 that names the field.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';
import { parseSymbol, parseSymbolList } from '../model/market-symbol.js';
import { parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';

export function symbolParam(input: string, field = 'symbol'): string {
  const r = parseSymbol(input);
  if (!r.ok) throw new TandemError('invalid_request', `querystring/${field}: ${r.error.message}`);
  return r.value;
}

export function symbolsParam(input: string, field = 'symbols'): string[] {
  const r = parseSymbolList(input);
  if (!r.ok) throw new TandemError('invalid_request', `querystring/${field}: ${r.error.message}`);
  return r.value;
}

export function timeframeParam(input: string, field = 'tf'): TimeframeSpec {
  const r = parseTimeframe(input);
  if (!r.ok) throw new TandemError('invalid_request', `querystring/${field}: ${r.error.message}`);
  return r.value;
}
