import { describe, expect, it } from 'vitest';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { lineTailDiff, rollingVwapPoints, spikeMarkers, type VwapPoint } from './overview-chart-model';

const bar = (i: number, vwap: number, volume: number): BarDto => ({ symbol: 'BTCUSDT', tf: '1s', start: i * 1000, open: vwap, high: vwap, low: vwap, close: vwap, volume, vwap, trades: 1 });

/** The definition, summed afresh at every bar. */
function naive(bars: readonly BarDto[], window: number): (number | undefined)[] {
  return bars.map((_, i) => {
    let pv = 0;
    let v = 0;
    for (let k = Math.max(0, i - window + 1); k <= i; k++) {
      pv += bars[k]!.vwap * bars[k]!.volume;
      v += bars[k]!.volume;
    }
    return v > 0 ? pv / v : undefined;
  });
}

const values = (points: readonly VwapPoint[]) => points.map((p) => ('value' in p ? p.value : undefined));

describe('rollingVwapPoints', () => {
  it('equals Σ vwap·volume / Σ volume over the last window bars at every bar (to 1e-9)', () => {
    // A frozen pseudo-random walk (LCG), long enough to cross many re-summing points.
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let p = 100;
    const bars = Array.from({ length: 1000 }, (_, i) => bar(i, (p *= 1 + (rnd() - 0.5) * 0.01), rnd() < 0.1 ? 0 : rnd() * 5));
    for (const window of [1, 15, 60]) {
      const got = values(rollingVwapPoints(bars, window));
      const want = naive(bars, window);
      got.forEach((g, i) => {
        if (want[i] === undefined) expect(g).toBeUndefined();
        else expect(Math.abs((g as number) - (want[i] as number)) / (want[i] as number)).toBeLessThan(1e-9);
      });
    }
  });

  it('leaves a gap while the window has no volume', () => {
    const points = rollingVwapPoints([bar(0, 10, 0), bar(1, 11, 2), bar(2, 12, 0)], 1);
    expect(values(points)).toEqual([undefined, 11, undefined]);
    expect(points.map((p) => p.time)).toEqual([0, 1, 2]);
  });

  it('refuses a window under one bar', () => {
    expect(() => rollingVwapPoints([], 0)).toThrow(/rollingVwapPoints/);
  });
});

describe('lineTailDiff', () => {
  const bars = Array.from({ length: 100 }, (_, i) => bar(i, 100 + i, 1));

  it('is the new point alone when a bar was appended', () => {
    const prev = rollingVwapPoints(bars, 10);
    const next = rollingVwapPoints([...bars, bar(100, 300, 1)], 10);
    expect(lineTailDiff(prev, next)).toEqual([next[100]]);
  });

  it('redraws from the first changed point when the last bar was revised', () => {
    const prev = rollingVwapPoints(bars, 10);
    const revised = [...bars.slice(0, 99), bar(99, 500, 3)];
    const next = rollingVwapPoints(revised, 10);
    expect(lineTailDiff(prev, next)).toEqual([next[99]]);
  });

  it('asks for setData when points were removed, times differ, or too much changed', () => {
    const prev = rollingVwapPoints(bars, 10);
    expect(lineTailDiff(prev, prev.slice(1))).toBeNull();
    expect(lineTailDiff(prev, rollingVwapPoints(bars.map((b) => ({ ...b, start: b.start + 500 })), 10))).toBeNull();
    expect(lineTailDiff(prev, rollingVwapPoints(bars, 20))).toBeNull();
  });
});

describe('spikeMarkers', () => {
  it('marks flagged bars that are on the chart, once each, in time order', () => {
    const bars = [bar(0, 1, 1), bar(1, 1, 1), bar(2, 1, 9)];
    const m = spikeMarkers([2000, 0, 2000, 9000], bars, '#f0b90b');
    expect(m.map((x) => x.time)).toEqual([0, 2]);
    expect(m[0]).toMatchObject({ position: 'aboveBar', shape: 'arrowDown', color: '#f0b90b' });
  });
});
