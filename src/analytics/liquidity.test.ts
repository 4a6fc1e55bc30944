import { describe, expect, it } from 'vitest';
import { closeTo, readGolden } from '../../test/helpers/golden.js';
import { laggedCorrelation } from './lagged-correlation.js';
import { amihudIlliquidity, annualisedVolatility, logReturns, realisedVolatility } from './liquidity.js';

interface Golden {
  close: number[];
  volume: number[];
  vwap: number[];
  window: number;
  log_returns: (number | null)[];
  amihud: (number | null)[];
  realised_vol: (number | null)[];
  x: (number | null)[];
  y: number[];
  max_lag: number;
  lagged_corr: number[];
}

// Made by test/golden/liquidity/make_liquidity_golden.py with pandas 1.5 / numpy.
const g = readGolden<Golden>('liquidity/liquidity_golden.json');
const nanOf = (v: (number | null)[]): number[] => v.map((x) => (x === null ? Number.NaN : x));

function expectClose(actual: ArrayLike<number>, expected: (number | null)[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (e === null) expect(Number.isNaN(actual[i]!)).toBe(true);
    else expect(closeTo(actual[i]!, e, tol), `index ${i}: ${actual[i]} vs ${e}`).toBe(true);
  }
}

describe('liquidity measures', () => {
  it('log returns equal np.log(c).diff()', () => expectClose(logReturns(g.close), g.log_returns, 1e-12));

  it('Amihud illiquidity equals |r| / (vwap·volume), NaN without volume', () => expectClose(amihudIlliquidity(g.close, g.volume, g.vwap), g.amihud, 1e-12));

  it('realised volatility equals the rolling root sum of squared returns', () => expectClose(realisedVolatility(g.close, g.window), g.realised_vol, 1e-12));

  it('annualises by the number of windows in a 365-day year', () => {
    // 1m bars, 60-bar window: 8,760 windows a year.
    expect(annualisedVolatility(0.01, 60, 60_000)).toBeCloseTo(0.01 * Math.sqrt(8760), 12);
  });

  it('rejects prices that are not positive, naming the bar', () => {
    expect(() => logReturns([1, 0, 2])).toThrow(/close\[1\] is 0/);
  });
});

describe('laggedCorrelation', () => {
  it('equals pandas x.corr(y.shift(-k)) at every lag, skipping missing values', () => {
    const r = laggedCorrelation(nanOf(g.x), g.y, g.max_lag);
    expect(r.lags).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
    expectClose(r.corr, g.lagged_corr, 1e-12);
  });

  it('peaks at the lag by which x leads y', () => {
    const r = laggedCorrelation(nanOf(g.x), g.y, g.max_lag);
    expect(r.lags[r.corr.indexOf(Math.max(...r.corr))]).toBe(3);
  });
});
