import { describe, expect, it } from 'vitest';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { mergeBars } from '../state/bar-list';
import { fromChartTime, tailDiff, toChartTime } from './chart-data';

const bar = (start: number, close = 100): BarDto => ({ symbol: 'X', tf: '250ms', start, open: 100, high: 100, low: 100, close, volume: 1, vwap: 100, trades: 1 });

describe('chart time', () => {
  it('converts epoch ms to UTC seconds and back without losing sub-second starts', () => {
    const t = 1_795_490_415_250;
    expect(toChartTime(t)).toBe(1_795_490_415.25);
    for (let ms = t; ms < t + 2000; ms += 1) expect(fromChartTime(toChartTime(ms))).toBe(ms);
  });

  it('keeps consecutive milliseconds ordered', () => {
    const t = 1_795_490_415_000;
    for (let ms = t; ms < t + 1000; ms += 1) expect(toChartTime(ms + 1)).toBeGreaterThan(toChartTime(ms));
  });
});

describe('tailDiff', () => {
  const base = Array.from({ length: 200 }, (_, i) => bar(i * 250));

  it('is empty for the same list', () => {
    expect(tailDiff(base, base)).toEqual([]);
  });

  it('lists a replaced last bar and appended bars, oldest first', () => {
    const next = mergeBars(base, [bar(199 * 250, 101), bar(200 * 250)]);
    expect(tailDiff(base, next)?.map((b) => b.start)).toEqual([199 * 250, 200 * 250]);
  });

  it('lists a replaced older bar among the recent ones', () => {
    const next = mergeBars(base, [bar(190 * 250, 99), bar(200 * 250)]);
    expect(tailDiff(base, next)?.map((b) => b.start)).toEqual([190 * 250, 200 * 250]);
  });

  it('asks for a redraw when a bar is inserted before the last one', () => {
    const gappy = base.filter((_, i) => i !== 195);
    expect(tailDiff(gappy, mergeBars(gappy, [bar(195 * 250)]))).toBeNull();
  });

  it('asks for a redraw when everything changed', () => {
    expect(tailDiff(base, base.map((b) => ({ ...b })))).toBeNull();
  });
});
