import { describe, expect, it } from 'vitest';
import { matchLatencies, percentile, summarise } from './latency-stats.js';

describe('matchLatencies', () => {
  it('charges each trade to the first update whose bar holds it', () => {
    const sent = [
      { start: 1000, index: 0, sentAt: 10 },
      { start: 1000, index: 1, sentAt: 12 },
      { start: 1000, index: 2, sentAt: 30 },
      { start: 2000, index: 0, sentAt: 31 },
    ];
    const marks = [
      { at: 40, start: 1000, trades: 2 },
      { at: 50, start: 1000, trades: 3 },
      { at: 55, start: 2000, trades: 1 },
    ];
    expect(matchLatencies(sent, marks)).toEqual({ latencies: [30, 28, 20, 24], unmatched: 0 });
  });

  it('does not let a later, smaller count (an older state arriving late) hide an earlier update', () => {
    const marks = [
      { at: 40, start: 0, trades: 5 },
      { at: 45, start: 0, trades: 3 },
    ];
    expect(matchLatencies([{ start: 0, index: 4, sentAt: 0 }], marks).latencies).toEqual([40]);
  });

  it('counts trades no update included as unmatched', () => {
    const r = matchLatencies([{ start: 0, index: 3, sentAt: 0 }, { start: 5, index: 0, sentAt: 0 }], [{ at: 1, start: 0, trades: 3 }]);
    expect(r).toEqual({ latencies: [], unmatched: 2 });
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('summarises an empty sample as NaN, not zero', () => {
    expect(summarise([]).p99).toBeNaN();
  });
});
