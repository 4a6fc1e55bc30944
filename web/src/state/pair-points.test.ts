import { describe, expect, it } from 'vitest';
import type { PairPointDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import { findPoint, joinPairHistory, mergePoints, newerTests, pointsFromColumns } from './pair-points';

const point = (start: number, z: number | null = 0, beta: number | null = 0.035): PairPointDto => ({
  start,
  y: 3400,
  x: 97000,
  yFilled: false,
  xFilled: false,
  beta,
  alpha: 0,
  spread: z,
  z,
  corr: 0.9,
  olsBeta: 0.034,
});

const tests = (asOf: number): PairTestsDto => ({
  asOf,
  bars: 100,
  adf: null,
  coint: null,
  hedge: null,
  halflife: null,
  hurst: null,
  spreadMean: null,
  spreadStd: null,
  health: null,
  notes: [],
  computeMs: 1,
});

const zs = (ps: readonly PairPointDto[]) => ps.map((p) => [p.start, p.z]);

describe('pointsFromColumns', () => {
  it('turns index-aligned columns into rows, keeping nulls', () => {
    const rows = pointsFromColumns({ ts: [1000, 2000], y: [1, 2], x: [3, 4], yFilled: [false, true], xFilled: [false, false], beta: [null, 0.5], alpha: [null, 1], spread: [null, 0.1], z: [null, null], corr: [null, 0.2], olsBeta: [0.4, 0.5] });
    expect(rows[1]).toEqual({ start: 2000, y: 2, x: 4, yFilled: true, xFilled: false, beta: 0.5, alpha: 1, spread: 0.1, z: null, corr: 0.2, olsBeta: 0.5 });
    expect(rows[0]?.beta).toBeNull();
  });
});

describe('mergePoints', () => {
  it('lets a later point for the same start replace the earlier one', () => {
    const a = [point(1000, 1), point(2000, 2)];
    expect(zs(mergePoints(a, [point(3000, 3), point(3000, 4), point(2000, 5)]))).toEqual([[1000, 1], [2000, 5], [3000, 4]]);
  });

  it('inserts a late point in order, keeps the newest maxLength, and never mutates', () => {
    const a = [point(1000), point(3000)];
    const out = mergePoints(a, [point(2000), point(4000)], 3);
    expect(out.map((p) => p.start)).toEqual([2000, 3000, 4000]);
    expect(a.map((p) => p.start)).toEqual([1000, 3000]);
    expect(out[1]).toBe(a[1]);
  });

  it('finds a point by start', () => {
    const a = [point(1000), point(3000)];
    expect(findPoint(a, 3000)).toBe(a[1]);
    expect(findPoint(a, 2000)).toBeNull();
  });
});

describe('joinPairHistory', () => {
  it('applies what the channel sent while history loaded after it, in arrival order', () => {
    const history = [point(1000, 1), point(2000, 2), point(3000, 3)];
    const joined = joinPairHistory(history, tests(3000), [
      // The live engine's series replaces the REST values for the same bars.
      { kind: 'snapshot', points: [point(2000, 20), point(3000, 30), point(4000, 40)], tests: tests(2000) },
      { kind: 'point', point: point(5000, 50) },
      { kind: 'point', point: point(5000, 51) },
      { kind: 'tests', tests: tests(5000) },
    ]);
    expect(zs(joined.points)).toEqual([[1000, 1], [2000, 20], [3000, 30], [4000, 40], [5000, 51]]);
    expect(joined.tests?.asOf).toBe(5000);
  });

  it('keeps the newer tests by the bar they saw', () => {
    expect(newerTests(tests(3000), tests(2000))?.asOf).toBe(3000);
    expect(newerTests(null, tests(2000))?.asOf).toBe(2000);
    expect(newerTests(tests(1), null)?.asOf).toBe(1);
  });
});
