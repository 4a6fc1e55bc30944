import { describe, expect, it } from 'vitest';
import { missingRuns } from './kline-backfill.js';

const M = 60_000;

describe('missingRuns', () => {
  it('gives the runs of minutes not yet stored, so a restart fetches only those', () => {
    expect(missingRuns(0, 10 * M, new Set())).toEqual([[0, 10 * M]]);
    expect(missingRuns(0, 10 * M, new Set([0, 1 * M, 5 * M, 9 * M]))).toEqual([
      [2 * M, 5 * M],
      [6 * M, 9 * M],
    ]);
    expect(missingRuns(0, 3 * M, new Set([0, M, 2 * M]))).toEqual([]);
    expect(missingRuns(5 * M, 5 * M, new Set())).toEqual([]);
  });
});
