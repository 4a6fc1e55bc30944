/**
 * Turns the pair engine's values into the API's DTOs: NaN becomes null, columns become arrays.
 * @module
 */

import type { PairPoint, PairColumns } from '../engine/pair-point.js';
import type { TimedPairTests } from '../engine/pair-tests-thread.js';
import type { PairPointDto, PairSeriesDto, PairTestsDto } from './dto/pair-schemas.js';

const n = (v: number): number | null => (Number.isFinite(v) ? v : null);
const nn = (v: number | null): number | null => (v === null ? null : n(v));
const nums = (a: Float64Array): (number | null)[] => Array.from(a, n);

export function toPairPointDto(p: PairPoint): PairPointDto {
  return { start: p.start, y: p.y, x: p.x, yFilled: p.yFilled, xFilled: p.xFilled, beta: n(p.beta), alpha: n(p.alpha), spread: n(p.spread), z: n(p.z), corr: n(p.corr), olsBeta: n(p.olsBeta) };
}

export function toPairSeriesDto(c: PairColumns): PairSeriesDto {
  return {
    ts: Array.from(c.start),
    y: Array.from(c.y),
    x: Array.from(c.x),
    yFilled: Array.from(c.yFilled, (f) => f === 1),
    xFilled: Array.from(c.xFilled, (f) => f === 1),
    beta: nums(c.beta),
    alpha: nums(c.alpha),
    spread: nums(c.spread),
    z: nums(c.z),
    corr: nums(c.corr),
    olsBeta: nums(c.olsBeta),
  };
}

export function toPairTestsDto({ tests: t, ms }: TimedPairTests): PairTestsDto {
  return {
    asOf: t.asOf,
    bars: t.bars,
    adf: t.adf === null ? null : { ...t.adf, crit: { ...t.adf.crit } },
    coint: t.coint === null ? null : { ...t.coint, crit: { ...t.coint.crit } },
    hedge: t.hedge,
    halflife: t.halflife === null ? null : { lambda: t.halflife.lambda, bars: nn(t.halflife.bars), ms: nn(t.halflife.ms) },
    hurst: t.hurst,
    spreadMean: nn(t.spreadMean),
    spreadStd: nn(t.spreadStd),
    health: t.health === null ? null : { ...t.health, windows: t.health.windows.map((w) => ({ ...w, pvalue: nn(w.pvalue), beta: nn(w.beta), halflife: nn(w.halflife) })), betaDrift: nn(t.health.betaDrift) },
    notes: [...t.notes],
    computeMs: ms,
  };
}
