import { describe, expect, it } from 'vitest';
import { alignUniverse, type UniverseColumns } from './universe-alignment.js';

const bars = (rows: [number, number][]): UniverseColumns => ({ start: Float64Array.from(rows, (r) => r[0]), close: Float64Array.from(rows, (r) => r[1]), volume: Float64Array.from(rows, () => 2) });

describe('alignUniverse', () => {
  it('takes the last lookback bar starts any symbol has and forward-fills each symbol across its gaps', () => {
    const u = alignUniverse(
      new Map([
        ['AUSDT', bars([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]])],
        ['BUSDT', bars([[1, 10], [3, 30], [4, 40]])],
      ]),
      4,
    );
    expect(Array.from(u.starts)).toEqual([1, 2, 3, 4]);
    expect(u.symbols).toEqual(['AUSDT', 'BUSDT']);
    expect(u.closes.map((c) => Array.from(c))).toEqual([[2, 3, 4, 5], [10, 10, 30, 40]]);
    expect(u.ownBars).toEqual([4, 3]);
    expect(u.quoteVolume).toEqual([2 * (2 + 3 + 4 + 5), 2 * (10 + 30 + 40)]);
  });

  it('fills the first bucket from a bar before the window, and drops a symbol with nothing to fill from or mostly filled', () => {
    const u = alignUniverse(
      new Map([
        ['AUSDT', bars([[0, 1], [1, 2], [2, 3], [3, 4]])],
        ['BUSDT', bars([[0, 7], [2, 8], [3, 9]])],
        ['CUSDT', bars([[2, 5], [3, 6]])],
        ['DUSDT', bars([[0, 1], [1, 1]])],
      ]),
      3,
    );
    expect(Array.from(u.starts)).toEqual([1, 2, 3]);
    // B has no bar at 1 but one at 0; C starts inside the window; D stopped trading.
    expect(u.symbols).toEqual(['AUSDT', 'BUSDT']);
    expect(Array.from(u.closes[1]!)).toEqual([7, 8, 9]);
  });

  it('is empty without bars', () => {
    expect(alignUniverse(new Map(), 10).symbols).toEqual([]);
  });
});
