import { describe, expect, it } from 'vitest';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { findBar, joinHistory, mergeBars } from './bar-list';

const bar = (start: number, close = 100, trades = 1): BarDto => ({ symbol: 'BTCUSDT', tf: '1s', start, open: 100, high: close, low: 100, close, volume: 1, vwap: 100, trades });

describe('mergeBars', () => {
  it('appends a later bar and replaces the last bar with the same start', () => {
    const a = [bar(1000), bar(2000)];
    const b = mergeBars(a, [bar(2000, 101, 2), bar(3000)]);
    expect(b.map((x) => [x.start, x.close])).toEqual([[1000, 100], [2000, 101], [3000, 100]]);
  });

  it('never mutates its input and keeps the identity of untouched bars', () => {
    const a = [bar(1000), bar(2000)];
    const b = mergeBars(a, [bar(3000)]);
    expect(a).toHaveLength(2);
    expect(b[0]).toBe(a[0]);
  });

  it('inserts a late bar for an older bucket in order, and replaces an older one in place', () => {
    const b = mergeBars([bar(1000), bar(3000)], [bar(2000), bar(1000, 99)]);
    expect(b.map((x) => [x.start, x.close])).toEqual([[1000, 99], [2000, 100], [3000, 100]]);
  });

  it('keeps only the newest maxLength bars', () => {
    expect(mergeBars([bar(1000), bar(2000)], [bar(3000)], 2).map((x) => x.start)).toEqual([2000, 3000]);
  });
});

describe('joinHistory', () => {
  it('drops buffered bars older than history and extends it with newer ones', () => {
    const joined = joinHistory([bar(1000), bar(2000)], [bar(1000, 50), bar(3000), bar(4000)]);
    expect(joined.map((x) => [x.start, x.close])).toEqual([[1000, 100], [2000, 100], [3000, 100], [4000, 100]]);
  });

  it('lets the version of the last bucket with more trades win', () => {
    expect(joinHistory([bar(1000, 100, 5)], [bar(1000, 90, 3)])[0]?.close).toBe(100);
    expect(joinHistory([bar(1000, 100, 5)], [bar(1000, 110, 7)])[0]?.close).toBe(110);
  });

  it('is the buffer alone when there is no history', () => {
    expect(joinHistory([], [bar(1000)]).map((x) => x.start)).toEqual([1000]);
  });
});

describe('findBar', () => {
  it('finds by start or answers null', () => {
    const bars = [bar(1000), bar(2000), bar(4000)];
    expect(findBar(bars, 2000)?.start).toBe(2000);
    expect(findBar(bars, 3000)).toBeNull();
    expect(findBar([], 3000)).toBeNull();
  });
});
