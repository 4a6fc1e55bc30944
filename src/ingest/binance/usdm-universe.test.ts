import { describe, expect, it } from 'vitest';
import { diffUniverse, parseExchangeSymbols, parseUniverseQuote, selectUniverse } from './usdm-universe.js';

// Entries in the shape of Binance's GET /fapi/v1/exchangeInfo (USDⓈ-M "Exchange Information"),
// trimmed to the fields the universe reads plus a few it ignores.
const BODY = {
  timezone: 'UTC',
  serverTime: 1_760_000_000_000,
  symbols: [
    { symbol: 'BTCUSDT', pair: 'BTCUSDT', contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000, status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', marginAsset: 'USDT', pricePrecision: 2, filters: [] },
    { symbol: 'ETHUSDT', pair: 'ETHUSDT', contractType: 'PERPETUAL', onboardDate: 1569398400000, status: 'TRADING', baseAsset: 'ETH', quoteAsset: 'USDT' },
    { symbol: 'BTCUSDT_260925', pair: 'BTCUSDT', contractType: 'CURRENT_QUARTER', onboardDate: 1750000000000, status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT' },
    { symbol: 'LUNAUSDT', pair: 'LUNAUSDT', contractType: 'PERPETUAL', onboardDate: 1600000000000, status: 'SETTLING', baseAsset: 'LUNA', quoteAsset: 'USDT' },
    { symbol: 'NEWUSDT', pair: 'NEWUSDT', contractType: 'PERPETUAL', onboardDate: 1770000000000, status: 'PENDING_TRADING', baseAsset: 'NEW', quoteAsset: 'USDT' },
    { symbol: 'BTCUSDC', pair: 'BTCUSDC', contractType: 'PERPETUAL', onboardDate: 1700000000000, status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDC' },
  ],
};

describe('selectUniverse', () => {
  const infos = (() => {
    const r = parseExchangeSymbols(BODY);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  })();

  it('keeps only TRADING perpetuals of the quote asset', () => {
    expect(selectUniverse(infos, { quote: 'USDT' })).toEqual(['BTCUSDT', 'ETHUSDT']);
  });

  it('keeps every quote when the filter is off', () => {
    expect(selectUniverse(infos, { quote: null })).toEqual(['BTCUSDT', 'ETHUSDT', 'BTCUSDC']);
  });

  it('reads onboardDate and leaves it null when absent', () => {
    expect(infos[0]!.onboardDate).toBe(1569398400000);
    expect(parseExchangeSymbols({ symbols: [{ symbol: 'XUSDT' }] }).ok && parseExchangeSymbols({ symbols: [{ symbol: 'XUSDT' }] })).toMatchObject({ value: [{ onboardDate: null, status: '' }] });
  });

  it('refuses a body without symbols, naming what is missing', () => {
    const r = parseExchangeSymbols({ code: -1121 });
    expect(!r.ok && r.error.message).toBe('exchangeInfo has no symbols array');
    const s = parseExchangeSymbols({ symbols: [{ symbol: 'BTCUSDT' }, { status: 'TRADING' }] });
    expect(!s.ok && s.error.message).toBe('exchangeInfo symbols[1] has no symbol');
  });
});

describe('diffUniverse', () => {
  it('tells listings and delistings apart, and nothing for the same set', () => {
    expect(diffUniverse(['A1', 'B1', 'C1'], ['B1', 'C1', 'D1'])).toEqual({ listed: ['D1'], delisted: ['A1'] });
    expect(diffUniverse(['A1'], ['A1'])).toEqual({ listed: [], delisted: [] });
  });
});

describe('parseUniverseQuote', () => {
  it('upper-cases an asset, reads ANY as no filter, refuses the rest', () => {
    expect(parseUniverseQuote('usdt')).toEqual({ ok: true, value: 'USDT' });
    expect(parseUniverseQuote('any')).toEqual({ ok: true, value: null });
    expect(parseUniverseQuote('US DT').ok).toBe(false);
  });
});
