/**
 * The real Binance 1m klines of `test/fixtures/realdata/` (see its SOURCES.md) as bars, for
 * tests that store them directly: `open_time,open,high,low,close,volume`, vwap taken as the
 * close (the files have no quote volume) and no trade count.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { epochMs, price, qty } from '../../src/core/brand.js';
import type { Bar } from '../../src/model/bar.js';
import type { Timeframe } from '../../src/model/timeframe.js';
import { REPO_ROOT } from './golden.js';

/** `binance_<symbol>_1m_<span>.csv`, e.g. `realKlines('BTCUSDC', '20230309_20230313')`. */
export function realKlines(symbol: string, span: '20230309_20230313' | '20230301_20230321'): Bar[] {
  const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'realdata', `binance_${symbol}_1m_${span}.csv`), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [t, o, h, l, c, v] = line.split(',');
      const close = Number(c);
      return { symbol, tf: '1m' as Timeframe, start: epochMs(Date.parse(t!.replace(' ', 'T'))), open: price(Number(o)), high: price(Number(h)), low: price(Number(l)), close: price(close), volume: qty(Number(v)), vwap: price(close), trades: 0 };
    });
}
