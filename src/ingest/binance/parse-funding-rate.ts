/**
 * Parses one row of Binance's `GET /fapi/v1/fundingRate`:
 * `{symbol, fundingTime, fundingRate: "0.00010000", markPrice: "34287.54619963"}`. The rate and
 * mark price are decimal strings; old rows have `markPrice: ""`, which becomes NaN (unknown).
 * A row of another symbol, a time that is not whole epoch ms or a rate that is not a number is
 * refused with the field named.
 * @see https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Get-Funding-Rate-History
 * @example
 *   parseFundingRow({ symbol: 'BTCUSDT', fundingTime: 1570608000000, fundingRate: '-0.00030000', markPrice: '' }, 'BTCUSDT')
 *   // → ok({ symbol: 'BTCUSDT', ts: 1570608000000, rate: -0.0003, markPrice: NaN })
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';

/** One settlement as parsed: the shape the funding store takes. */
export interface ParsedFundingRate {
  readonly symbol: string;
  readonly ts: number;
  readonly rate: number;
  readonly markPrice: number;
}

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$/i;

export function parseFundingRow(row: unknown, symbol: string): Result<ParsedFundingRate> {
  const bad = (message: string): Result<ParsedFundingRate> => err({ code: 'binance_rest', message: `fundingRate row of ${symbol}: ${message}` });
  if (typeof row !== 'object' || row === null) return bad(`not an object (${JSON.stringify(row)})`);
  const r = row as Record<string, unknown>;
  if (r['symbol'] !== symbol) return bad(`symbol is '${String(r['symbol'])}'`);
  const ts = r['fundingTime'];
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) return bad(`fundingTime is not epoch ms (${JSON.stringify(ts)})`);
  const rateText = r['fundingRate'];
  if (typeof rateText !== 'string' || !DECIMAL.test(rateText)) return bad(`fundingRate is not a decimal string (${JSON.stringify(rateText)})`);
  const markText = r['markPrice'];
  let markPrice = Number.NaN;
  if (typeof markText === 'string' && markText !== '') {
    if (!DECIMAL.test(markText) || !(Number(markText) > 0)) return bad(`markPrice is not a positive decimal string (${JSON.stringify(markText)})`);
    markPrice = Number(markText);
  }
  return ok({ symbol, ts, rate: Number(rateText), markPrice });
}
