/**
 * Mark prices on the bus (`tandem ingest` → `tandem serve --bus redis`): one Pub/Sub message
 * per batch, a JSON array of rows `[symbol, ts, markPrice, indexPrice, estimatedSettlePrice,
 * fundingRate, nextFundingTime]` (NaN and missing as null). Marks are the latest state of each
 * symbol, not a record: a server that was away misses some and takes the next, so Pub/Sub, not
 * a stream. A server checks every row; a bad one is dropped and counted, never trusted.
 * @module
 */

import type { MarkPrice } from '../model/mark-price.js';

type Row = [string, number, number, number | null, number | null, number | null, number | null];

const orNull = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v);

export function encodeMarks(marks: readonly MarkPrice[]): string {
  const rows: Row[] = marks.map((m) => [m.symbol, m.ts, m.markPrice, orNull(m.indexPrice), orNull(m.estimatedSettlePrice), orNull(m.fundingRate), orNull(m.nextFundingTime)]);
  return JSON.stringify(rows);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const finiteOrNull = (v: unknown): v is number | null => v === null || finite(v);

/** The marks of one message, and how many of its rows were not marks. */
export function decodeMarks(text: string): { readonly marks: MarkPrice[]; readonly bad: number } {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch {
    return { marks: [], bad: 1 };
  }
  if (!Array.isArray(rows)) return { marks: [], bad: 1 };
  const marks: MarkPrice[] = [];
  let bad = 0;
  for (const r of rows as unknown[]) {
    if (!Array.isArray(r) || r.length !== 7) {
      bad++;
      continue;
    }
    const [symbol, ts, markPrice, indexPrice, settle, rate, next] = r as unknown[];
    if (typeof symbol !== 'string' || !/^[A-Z0-9]{2,30}$/.test(symbol) || !finite(ts) || !finite(markPrice) || !(markPrice > 0) || !finiteOrNull(indexPrice) || !finiteOrNull(settle) || !finiteOrNull(rate) || !finiteOrNull(next)) {
      bad++;
      continue;
    }
    marks.push({ symbol, ts, markPrice, indexPrice: indexPrice ?? Number.NaN, estimatedSettlePrice: settle ?? Number.NaN, fundingRate: rate, nextFundingTime: next });
  }
  return { marks, bad };
}
