import { describe, expect, it } from 'vitest';
import type { MarkPrice } from '../model/mark-price.js';
import { decodeMarks, encodeMarks } from './mark-codec.js';

const perp: MarkPrice = { symbol: 'BTCUSDT', ts: 1_700_000_000_000, markPrice: 42_000.5, indexPrice: 41_990.1, estimatedSettlePrice: 41_995, fundingRate: 0.0001, nextFundingTime: 1_700_006_400_000 };
const delivery: MarkPrice = { symbol: 'BTCUSDT260925', ts: 1_700_000_000_000, markPrice: 43_000, indexPrice: Number.NaN, estimatedSettlePrice: Number.NaN, fundingRate: null, nextFundingTime: null };

describe('mark codec', () => {
  it('round-trips a perpetual and a delivery contract, NaN as NaN', () => {
    const { marks, bad } = decodeMarks(encodeMarks([perp, delivery]));
    expect(bad).toBe(0);
    expect(marks).toEqual([perp, delivery]);
  });

  it('drops and counts what is not a mark, keeping the rest', () => {
    const rows = JSON.parse(encodeMarks([perp])) as unknown[];
    const text = JSON.stringify([...rows, ['btcusdt', 1, 2, null, null, null, null], ['ETHUSDT', 1, -2, null, null, null, null], ['ETHUSDT', 1, 2, null, null, 'x', null], 'row', ['ETHUSDT', 1]]);
    const { marks, bad } = decodeMarks(text);
    expect(marks).toEqual([perp]);
    expect(bad).toBe(5);
    expect(decodeMarks('{not json')).toEqual({ marks: [], bad: 1 });
    expect(decodeMarks('{"a":1}')).toEqual({ marks: [], bad: 1 });
  });
});
