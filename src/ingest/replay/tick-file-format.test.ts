import { describe, expect, it } from 'vitest';
import { detectTickFormat, isZip, symbolFromBinanceFileName } from './tick-file-format.js';

describe('detectTickFormat', () => {
  it.each([
    ['{"symbol":"BTCUSDT"}', '', 'ndjson'],
    ['\uFEFF  {"symbol":"BTCUSDT"}', '', 'ndjson'],
    ['symbol,ts,price,qty,trade_id,buyer_maker\n', '', 'tandem-csv'],
    ['\uFEFFSymbol, ts,price\r\n', '', 'tandem-csv'],
    ['agg_trade_id,price\n', '', 'binance'],
    ['1,2,3,4,5,6,true\n', '', 'binance'],
    ['1,2,3', 'ticks.jsonl', 'ndjson'],
  ])('takes %j (named %j) for %s', (head, name, format) => {
    expect(detectTickFormat(head, name)).toBe(format);
  });
});

describe('isZip and symbolFromBinanceFileName', () => {
  it('recognise a zip by its magic bytes and a dump by its name', () => {
    expect(isZip(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0))).toBe(true);
    expect(isZip(Buffer.from('1,2,3'))).toBe(false);
    expect(symbolFromBinanceFileName('/tmp/BTCUSDT-aggTrades-2024-01-01.zip')).toBe('BTCUSDT');
    expect(symbolFromBinanceFileName('trades.csv')).toBeNull();
  });
});
