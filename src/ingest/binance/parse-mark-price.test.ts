import { describe, expect, it } from 'vitest';
import { parseStreamFrame } from './parse-agg-trade.js';
import { parseMarkPricePayload } from './parse-mark-price.js';

// Binance's documented example (USDⓈ-M "Mark Price Stream"), as the combined stream wraps it.
const DOC_PAYLOAD = { e: 'markPriceUpdate', E: 1562305380000, s: 'BTCUSDT', p: '11794.15000000', i: '11784.62659091', P: '11784.25641265', r: '0.00038167', T: 1562306400000 };

describe('parseMarkPricePayload', () => {
  it('reads the documented payload: decimal strings to numbers, T as the next funding time', () => {
    expect(parseMarkPricePayload(DOC_PAYLOAD)).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', ts: 1562305380000, markPrice: 11794.15, indexPrice: 11784.62659091, estimatedSettlePrice: 11784.25641265, fundingRate: 0.00038167, nextFundingTime: 1562306400000 },
    });
  });

  it('takes a negative funding rate', () => {
    const r = parseMarkPricePayload({ ...DOC_PAYLOAD, r: '-0.00012500' });
    expect(r.ok && r.value.fundingRate).toBe(-0.000125);
  });

  it('reads a delivery contract\'s empty rate and zero time as null (Binance: r "" and T 0)', () => {
    const r = parseMarkPricePayload({ ...DOC_PAYLOAD, s: 'BTCUSDT260925', r: '', T: 0 });
    expect(r.ok && r.value.fundingRate).toBeNull();
    expect(r.ok && r.value.nextFundingTime).toBeNull();
  });

  it('refuses numbers where Binance sends strings, and bad times, naming the field', () => {
    const msg = (over: Record<string, unknown>): string => {
      const r = parseMarkPricePayload({ ...DOC_PAYLOAD, ...over });
      return r.ok ? 'ok' : r.error.message;
    };
    expect(msg({ p: 11794.15 })).toMatch(/field 'p' must be a positive decimal string/);
    expect(msg({ p: '0' })).toMatch(/field 'p'/);
    expect(msg({ r: 0.0001 })).toMatch(/field 'r' must be a decimal string/);
    expect(msg({ r: '1,5' })).toMatch(/field 'r'/);
    expect(msg({ T: '1562306400000' })).toMatch(/field 'T'/);
    expect(msg({ E: -1 })).toMatch(/field 'E'/);
    expect(msg({ s: 'btc usdt' })).toMatch(/field 's'/);
  });
});

describe('parseStreamFrame with markPrice frames', () => {
  it('tells a combined-stream markPrice frame from a trade', () => {
    const r = parseStreamFrame(JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: DOC_PAYLOAD }));
    expect(r.ok && r.value.kind).toBe('mark');
    expect(r.ok && r.value.kind === 'mark' && r.value.mark.fundingRate).toBe(0.00038167);
  });

  it('reports a malformed markPrice frame as an error, not as another event', () => {
    const r = parseStreamFrame(JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: { ...DOC_PAYLOAD, p: 'abc' } }));
    expect(r.ok).toBe(false);
  });
});
