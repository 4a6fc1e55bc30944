import { describe, expect, it } from 'vitest';
import { cellPair, heatmapModel, laggedMaxLag, laggedModel, laggedReady, pairHash, resolvePair } from './correlation-model';

describe('resolvePair', () => {
  it('keeps a chosen pair while both legs are watched', () => {
    expect(resolvePair({ y: 'SOLUSDT', x: 'ETHUSDT' }, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])).toEqual({ y: 'SOLUSDT', x: 'ETHUSDT' });
  });

  it('falls back to the second symbol on the first', () => {
    expect(resolvePair(null, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])).toEqual({ y: 'ETHUSDT', x: 'BTCUSDT' });
    expect(resolvePair({ y: 'XRPUSDT', x: 'BTCUSDT' }, ['BTCUSDT', 'ETHUSDT'])).toEqual({ y: 'ETHUSDT', x: 'BTCUSDT' });
  });

  it('is null with fewer than two symbols', () => {
    expect(resolvePair(null, ['BTCUSDT'])).toBeNull();
  });
});

describe('lag range', () => {
  it('is 10 bars for long windows and shrinks with short ones', () => {
    expect(laggedMaxLag(240)).toBe(10);
    expect(laggedMaxLag(60)).toBe(10);
    expect(laggedMaxLag(15)).toBe(3);
    expect(laggedMaxLag(2)).toBe(1);
  });

  it('is ready once the server has maxLag + 3 aligned returns, as laggedCorrelationView requires', () => {
    expect(laggedReady(12, 10)).toBe(false);
    expect(laggedReady(13, 10)).toBe(true);
  });
});

describe('pairHash', () => {
  it('addresses Pair Analytics with y, x and the timeframe', () => {
    expect(pairHash('ETHUSDT', 'BTCUSDT', '1m')).toBe('#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m');
  });
});

describe('heatmapModel', () => {
  const corr = {
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    matrix: [
      [1, 0.8, null],
      [0.8, 1, 0.1],
      [null, 0.1, 1],
    ],
    nobs: 59,
    basis: 'log_returns',
  };

  it('has one cell per matrix entry, rows flipped so the first symbol is at the top', () => {
    const m = heatmapModel(corr);
    expect(m.cells).toHaveLength(9);
    // Row 0 (BTCUSDT) is drawn at the top, which ECharts counts as row n − 1.
    expect(m.cells).toContainEqual([1, 2, 0.8]);
    expect(m.cells).toContainEqual([2, 2, null]);
    expect(m.cells).toContainEqual([0, 0, null]);
    expect(m.caption).toBe('n = 59 log returns');
  });

  it('maps a clicked cell back to y = its row, x = its column, and ignores the diagonal', () => {
    const m = heatmapModel(corr);
    expect(cellPair(m, 0, 1)).toEqual({ y: 'ETHUSDT', x: 'BTCUSDT' });
    expect(cellPair(m, 2, 2)).toEqual({ y: 'BTCUSDT', x: 'SOLUSDT' });
    expect(cellPair(m, 1, 1)).toBeNull();
  });

  it('says it is waiting before the first answer', () => {
    expect(heatmapModel(null)).toMatchObject({ empty: true, cells: [] });
  });
});

describe('laggedModel', () => {
  const pair = { y: 'ETHUSDT', x: 'BTCUSDT' };

  it('reads a peak at a positive lag as x leading y', () => {
    const m = laggedModel({ lags: [-2, -1, 0, 1, 2], corr: [0.0, 0.1, 0.2, 0.05, 0.6], nobs: 50 }, pair);
    expect(m?.peakLag).toBe(2);
    expect(m?.verdict).toBe('BTCUSDT leads ETHUSDT by 2 bars (ρ 0.60, n = 50)');
  });

  it('reads a peak at a negative lag as y leading x, by the size of the correlation', () => {
    const m = laggedModel({ lags: [-1, 0, 1], corr: [-0.7, 0.3, null], nobs: 20 }, pair);
    expect(m?.peakLag).toBe(-1);
    expect(m?.verdict).toBe('ETHUSDT leads BTCUSDT by 1 bar (ρ -0.70, n = 20)');
  });

  it('calls a peak at lag 0 in step, and says so when nothing is defined', () => {
    expect(laggedModel({ lags: [-1, 0, 1], corr: [0.1, 0.9, 0.1], nobs: 20 }, pair)?.verdict).toMatch(/^in step/);
    expect(laggedModel({ lags: [0], corr: [null], nobs: 20 }, pair)?.peakLag).toBeNull();
  });
});
