import { describe, expect, it } from 'vitest';
import { parseFundingRow } from './parse-funding-rate.js';

// Rows in Binance's documented shape (Get Funding Rate History, USDⓈ-M futures).
describe('parseFundingRow', () => {
  it('reads the decimal strings of a row, and an empty mark price (old rows) as NaN', () => {
    expect(parseFundingRow({ symbol: 'BTCUSDT', fundingTime: 1_698_825_600_000, fundingRate: '0.00010000', markPrice: '34287.54619963' }, 'BTCUSDT')).toEqual({
      ok: true,
      value: { symbol: 'BTCUSDT', ts: 1_698_825_600_000, rate: 0.0001, markPrice: 34_287.546_199_63 },
    });
    const old = parseFundingRow({ symbol: 'BTCUSDT', fundingTime: 1_570_608_000_000, fundingRate: '-0.00030000', markPrice: '' }, 'BTCUSDT');
    expect(old.ok && old.value.rate).toBe(-0.0003);
    expect(old.ok && old.value.markPrice).toBeNaN();
  });

  it('refuses a row of another symbol, a bad time or a rate that is not a decimal, naming the field', () => {
    const msg = (row: unknown): string => {
      const r = parseFundingRow(row, 'BTCUSDT');
      return r.ok ? 'ok' : r.error.message;
    };
    expect(msg({ symbol: 'ETHUSDT', fundingTime: 0, fundingRate: '0.0001', markPrice: '1' })).toBe("fundingRate row of BTCUSDT: symbol is 'ETHUSDT'");
    expect(msg({ symbol: 'BTCUSDT', fundingTime: '1570608000000', fundingRate: '0.0001', markPrice: '1' })).toMatch(/fundingTime is not epoch ms/);
    expect(msg({ symbol: 'BTCUSDT', fundingTime: 0, fundingRate: 0.0001, markPrice: '1' })).toMatch(/fundingRate is not a decimal string/);
    expect(msg({ symbol: 'BTCUSDT', fundingTime: 0, fundingRate: '1,5', markPrice: '1' })).toMatch(/fundingRate is not a decimal string/);
    expect(msg({ symbol: 'BTCUSDT', fundingTime: 0, fundingRate: '0.0001', markPrice: '-3' })).toMatch(/markPrice is not a positive decimal string/);
    expect(msg(null)).toMatch(/not an object/);
  });
});
