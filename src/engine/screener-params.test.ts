import { describe, expect, it } from 'vitest';
import { parseScreenerParams } from './screener-params.js';

describe('parseScreenerParams', () => {
  it('fills the defaults', () => {
    expect(parseScreenerParams({}).params).toEqual({ tf: '1m', lookback: 1440, limit: 50, minCorr: 0.5, prices: 'log', minQuoteVolume: 0 });
  });

  it('reads strings as the CLI gives them', () => {
    expect(parseScreenerParams({ tf: '5m', lookback: '300', limit: '5', minCorr: '0', prices: 'raw', minQuoteVolume: '1e6' }).params).toEqual({ tf: '5m', lookback: 300, limit: 5, minCorr: 0, prices: 'raw', minQuoteVolume: 1e6 });
  });

  it('names the field at fault', () => {
    expect(() => parseScreenerParams({ lookback: '12.5' }, 'querystring/')).toThrow(/^querystring\/lookback: '12.5' is not an integer in \[30, 20000\]/);
    expect(() => parseScreenerParams({ minCorr: 'x' })).toThrow(/^minCorr/);
    expect(() => parseScreenerParams({ prices: 'ln' })).toThrow(/^prices: 'ln' is not log or raw/);
    expect(() => parseScreenerParams({ tf: '1x' })).toThrow(/^tf: /);
  });
});
