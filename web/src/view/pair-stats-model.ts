/**
 * The view model of the pair's stats panel, from the latest tests (`PairTestsDto`): the OLS
 * hedge ratio with its standard error, ADF on the spread with its critical values, the
 * Engle-Granger p-value, the half-life in bars and in time, Hurst, and the health state with
 * its reason. Every figure is a display string; a statistic the server could not compute is a
 * dash (its `notes` say why and are shown too).
 * @module
 */

import type { HealthStateDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import { DASH, formatBarTime, formatCount, formatSpan } from './format';
import { formatPValue, formatSig, formatStat } from './pair-format';

export type HealthTone = 'ok' | 'warn' | 'bad' | 'none';

export interface CriticalValueModel {
  readonly level: string;
  readonly value: string;
  /** The statistic is below it: the unit root is rejected at this level. */
  readonly rejected: boolean;
}

export interface PairStatsModel {
  /** False until the first tests arrive. */
  readonly ready: boolean;
  /** `as of 14:03:05 UTC · 1,000 bars`. */
  readonly basis: string;
  readonly beta: string;
  readonly betaSe: string;
  readonly alpha: string;
  readonly r2: string;
  readonly adfStat: string;
  readonly adfPValue: string;
  readonly adfLag: string;
  readonly adfCrit: readonly CriticalValueModel[];
  /** In words: `stationary at 5%` or `not stationary`. */
  readonly adfVerdict: string;
  readonly egStat: string;
  readonly egPValue: string;
  readonly halfLifeBars: string;
  readonly halfLifeTime: string;
  readonly hurst: string;
  /** `mean-reverting` below 0.45, `trending` above 0.55, else `random walk`. */
  readonly hurstReading: string;
  readonly spreadMean: string;
  readonly spreadStd: string;
  readonly health: HealthStateDto | null;
  readonly healthLabel: string;
  readonly healthTone: HealthTone;
  readonly healthReason: string;
  readonly notes: readonly string[];
}

const TONES: Readonly<Record<HealthStateDto, HealthTone>> = { cointegrated: 'ok', weakening: 'warn', broken: 'bad' };
const LEVELS = ['1%', '5%', '10%'] as const;

export function pairStatsModel(tests: PairTestsDto | null, tfMs: number): PairStatsModel {
  const t = tests;
  const adf = t?.adf ?? null;
  const crit = LEVELS.map((level) => ({ level, value: adf === null ? DASH : formatStat(adf.crit[level]), rejected: adf !== null && adf.stat < adf.crit[level] }));
  const strongest = crit.find((c) => c.rejected);
  const hurst = t?.hurst?.value ?? null;
  const health = t?.health ?? null;
  return {
    ready: t !== null,
    basis: t === null ? 'waiting for the first tests…' : `as of ${formatBarTime(t.asOf, tfMs, true)} UTC · ${formatCount(t.bars)} bars`,
    beta: formatSig(t?.hedge?.beta),
    betaSe: formatSig(t?.hedge?.betaSe, 2),
    alpha: formatSig(t?.hedge?.alpha),
    r2: t?.hedge == null ? DASH : t.hedge.r2.toFixed(3),
    adfStat: formatStat(adf?.stat),
    adfPValue: formatPValue(adf?.pvalue),
    adfLag: adf === null ? DASH : String(adf.usedLag),
    adfCrit: crit,
    adfVerdict: adf === null ? DASH : strongest === undefined ? 'not stationary' : `stationary at ${strongest.level}`,
    egStat: formatStat(t?.coint?.stat),
    egPValue: formatPValue(t?.coint?.pvalue),
    halfLifeBars: formatSig(t?.halflife?.bars, 3),
    halfLifeTime: t?.halflife?.ms == null ? DASH : formatSpan(t.halflife.ms),
    hurst: hurst === null ? DASH : hurst.toFixed(3),
    hurstReading: hurst === null ? '' : hurst < 0.45 ? 'mean-reverting' : hurst > 0.55 ? 'trending' : 'random walk',
    spreadMean: formatSig(t?.spreadMean),
    spreadStd: formatSig(t?.spreadStd),
    health: health?.state ?? null,
    healthLabel: health?.state ?? (t === null ? 'pending' : 'unknown'),
    healthTone: health === null ? 'none' : TONES[health.state],
    healthReason: health?.reason ?? (t === null ? '' : 'not enough bars for the rolling windows yet'),
    notes: t?.notes ?? [],
  };
}
