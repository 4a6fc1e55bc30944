import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignBars, PairAligner, type AlignedPoint, type CloseBar } from './pair-alignment.js';

const bars = (starts: number[], base: number): CloseBar[] => starts.map((s) => ({ start: s * 1000, close: base + s }));

describe('alignBars', () => {
  it('pairs bars of the same bucket and forward-fills an empty bucket, marking it filled', () => {
    const y = bars([0, 1, 3, 4], 100);
    const x = bars([0, 2, 3], 10);
    expect(alignBars(y, x)).toEqual([
      { start: 0, y: 100, x: 10, yFilled: false, xFilled: false },
      { start: 1000, y: 101, x: 10, yFilled: false, xFilled: true },
      { start: 2000, y: 101, x: 12, yFilled: true, xFilled: false },
      { start: 3000, y: 103, x: 13, yFilled: false, xFilled: false },
      { start: 4000, y: 104, x: 13, yFilled: false, xFilled: true },
    ]);
  });

  it('skips buckets before both sides have traded and buckets where neither did', () => {
    const out = alignBars(bars([0, 1, 5], 100), bars([2, 5], 10));
    expect(out.map((p) => p.start)).toEqual([2000, 5000]);
    expect(out[0]).toMatchObject({ y: 101, yFilled: true, x: 12, xFilled: false });
  });

  it('rejects a series that is not in strictly increasing order', () => {
    expect(() => alignBars(bars([1, 1], 0), [])).toThrow(/alignBars: y bars must have strictly increasing starts/);
  });
});

/** Scripted deliveries: per side, forming then final for each bar, interleaved as drawn. */
function runIncremental(yStarts: number[], xStarts: number[], picks: number[]): AlignedPoint[] {
  const aligner = new PairAligner();
  const out: AlignedPoint[] = [];
  const events = { y: yStarts.flatMap((s) => [{ kind: 'forming' as const, s }, { kind: 'final' as const, s }]), x: xStarts.flatMap((s) => [{ kind: 'forming' as const, s }, { kind: 'final' as const, s }]) };
  const at = { y: 0, x: 0 };
  let k = 0;
  while (at.y < events.y.length || at.x < events.x.length) {
    const pick = picks[k++ % picks.length]!;
    const side = at.x >= events.x.length || (at.y < events.y.length && pick % 2 === 0) ? 'y' : 'x';
    const e = events[side][at[side]++]!;
    if (e.kind === 'forming') out.push(...aligner.markForming(side, e.s * 1000));
    else out.push(...aligner.pushFinal(side, { start: e.s * 1000, close: (side === 'y' ? 100 : 10) + e.s }));
    if (pick % 3 === 0) {
      // The clock may declare past every bucket that has no bar still to come on either side.
      const nextY = events.y.slice(at.y).find((ev) => ev.kind === 'final')?.s ?? Infinity;
      const nextX = events.x.slice(at.x).find((ev) => ev.kind === 'final')?.s ?? Infinity;
      out.push(...aligner.closeBefore(Math.min(nextY, nextX) * 1000));
    }
  }
  out.push(...aligner.closeBefore(Infinity));
  return out;
}

const startSet = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }).map((a) => a.sort((p, q) => p - q));

describe('PairAligner', () => {
  it('emits exactly what alignBars computes, whatever the interleaving of the two sides', () => {
    fc.assert(
      fc.property(startSet, startSet, fc.array(fc.nat(1000), { minLength: 1, maxLength: 50 }), (ys, xs, picks) => {
        expect(runIncremental(ys, xs, picks)).toEqual(alignBars(bars(ys, 100), bars(xs, 10)));
      }),
      { numRuns: 300 },
    );
  });

  it('waits for the other side before emitting a bucket, then fills it once that side moves on', () => {
    const a = new PairAligner();
    expect(a.pushFinal('y', { start: 0, close: 1 })).toEqual([]);
    expect(a.pushFinal('x', { start: 0, close: 2 })).toEqual([{ start: 0, y: 1, x: 2, yFilled: false, xFilled: false }]);
    expect(a.pushFinal('y', { start: 1000, close: 3 })).toEqual([]);
    // x's forming bar is in bucket 2000, so x has no bar in bucket 1000.
    expect(a.markForming('x', 2000)).toEqual([{ start: 1000, y: 3, x: 2, yFilled: false, xFilled: true }]);
  });

  it('counts and drops a bar for a bucket it already emitted', () => {
    const a = new PairAligner();
    a.pushFinal('y', { start: 0, close: 1 });
    a.pushFinal('x', { start: 0, close: 2 });
    a.closeBefore(5000);
    expect(a.pushFinal('x', { start: 3000, close: 9 })).toEqual([]);
    expect(a.lateBars()).toBe(1);
  });
});
