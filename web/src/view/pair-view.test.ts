import { describe, expect, it } from 'vitest';
import type { PairPointDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import { bandLines, parseBands } from './pair-bands';
import { pointTailDiff, toLineData } from './pair-chart-data';
import { pairLegendModel } from './pair-legend-model';
import { pairStatsModel } from './pair-stats-model';

const point = (start: number, z: number | null = 1): PairPointDto => ({ start, y: 3412.55, x: 97123.4, yFilled: false, xFilled: true, beta: 0.0351234, alpha: -1.5, spread: 0.25, z, corr: 0.91, olsBeta: 0.0349 });

const TESTS: PairTestsDto = {
  asOf: Date.UTC(2026, 10, 24, 14, 3, 5),
  bars: 1000,
  adf: { stat: -3.1, pvalue: 0.026, usedLag: 2, nobs: 997, crit: { '1%': -3.44, '5%': -2.86, '10%': -2.57 } },
  coint: { stat: -3.4, pvalue: 0.0000412, usedLag: 1, crit: { '1%': -3.9, '5%': -3.34, '10%': -3.05 } },
  hedge: { beta: 0.0402, alpha: -489.1, betaSe: 0.000312, alphaSe: 29, r2: 0.951 },
  halflife: { lambda: -0.23, bars: 2.63, ms: 156_000 },
  hurst: { value: 0.21, maxLag: 100 },
  spreadMean: 0.01,
  spreadStd: 1.9,
  health: { state: 'weakening', reason: 'hedge ratio moved 14.2% across 5 windows', windows: [], betaDrift: 0.142 },
  notes: [],
  computeMs: 4,
};

describe('pairStatsModel', () => {
  it('shows every test figure and which ADF levels reject a unit root', () => {
    const m = pairStatsModel(TESTS, 1000);
    expect([m.beta, m.betaSe, m.r2]).toEqual(['0.04020', '0.00031', '0.951']);
    expect([m.adfStat, m.adfPValue, m.adfLag]).toEqual(['\u22123.10', '0.026', '2']);
    expect(m.adfCrit.map((c) => [c.level, c.value, c.rejected])).toEqual([
      ['1%', '\u22123.44', false],
      ['5%', '\u22122.86', true],
      ['10%', '\u22122.57', true],
    ]);
    expect(m.adfVerdict).toBe('stationary at 5%');
    expect(m.egPValue).toBe('4.1e\u22125');
    expect([m.halfLifeBars, m.halfLifeTime]).toEqual(['2.63', '3m']);
    expect([m.hurst, m.hurstReading]).toEqual(['0.210', 'mean-reverting']);
    expect([m.health, m.healthTone, m.healthReason]).toEqual(['weakening', 'warn', 'hedge ratio moved 14.2% across 5 windows']);
    expect(m.basis).toBe('as of 2026-11-24 14:03:05 UTC · 1,000 bars');
  });

  it('is pending before the first tests and shows dashes for what could not be computed', () => {
    expect(pairStatsModel(null, 1000)).toMatchObject({ ready: false, healthLabel: 'pending', healthTone: 'none', beta: '\u2014' });
    const m = pairStatsModel({ ...TESTS, adf: null, halflife: null, health: null, notes: ['adf: too short'] }, 1000);
    expect([m.adfStat, m.adfVerdict, m.halfLifeTime, m.healthTone]).toEqual(['\u2014', '\u2014', '\u2014', 'none']);
    expect(m.notes).toEqual(['adf: too short']);
  });
});

describe('pairLegendModel', () => {
  const sel = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman' as const, window: 20, prices: 'raw' as const };

  it('shows the hovered bar, else the latest, with filled legs marked', () => {
    const points = [point(1000, 1), point(2000, -2.5)];
    const latest = pairLegendModel(sel, 1000, points, null);
    expect(latest.hovered).toBe(false);
    expect(latest.items.find((i) => i.id === 'z')?.value).toBe('\u22122.50');
    const hovered = pairLegendModel(sel, 1000, points, 1000);
    expect(hovered.hovered).toBe(true);
    expect(hovered.items.map((i) => [i.label, i.value, i.note])).toEqual([
      ['ETHUSDT', '3,412.55', ''],
      ['BTCUSDT', '97,123.4', 'filled'],
      ['spread', '0.2500', ''],
      ['z', '1.00', ''],
      ['corr', '0.910', ''],
      ['β kalman', '0.03512', ''],
      ['β ols', '0.03490', ''],
    ]);
  });

  it('shows dashes before any point', () => {
    expect(pairLegendModel(sel, 1000, [], null).time).toBe('\u2014');
    expect(pairLegendModel(sel, 1000, [], null).items.every((i) => i.value === '\u2014')).toBe(true);
  });
});

describe('pair chart data', () => {
  it('draws a null value as whitespace, so every pane keeps every bar', () => {
    expect(toLineData([point(1000, null), point(2000, 1.5)], 'z')).toEqual([{ time: 1 }, { time: 2, value: 1.5 }]);
  });

  it('finds the appended and replaced tail, and asks for a redraw otherwise', () => {
    const a = [point(1000), point(2000)];
    const b = [a[0] as PairPointDto, point(2000, 3), point(3000)];
    expect(pointTailDiff(a, b)?.map((p) => p.start)).toEqual([2000, 3000]);
    expect(pointTailDiff(a, a)).toEqual([]);
    expect(pointTailDiff(a, [point(500), ...a])).toBeNull();
    expect(pointTailDiff(a, [point(1000)])).toBeNull();
  });
});

describe('z-score bands', () => {
  it('accepts 0 ≤ exit < entry and names the field otherwise', () => {
    expect(parseBands('2', '0')).toEqual({ ok: true, bands: { entry: 2, exit: 0 } });
    expect(parseBands('-1', '0')).toMatchObject({ ok: false, error: expect.stringMatching(/^entry/) });
    expect(parseBands('2', 'x')).toMatchObject({ ok: false, error: expect.stringMatching(/^exit/) });
    expect(parseBands('1', '1.5')).toMatchObject({ ok: false, error: 'exit (1.5) must be below entry (1)' });
  });

  it('draws ±entry and one line at 0, or ±exit when exit is above 0', () => {
    expect(bandLines({ entry: 2, exit: 0 }).map((l) => l.level)).toEqual([2, -2, 0]);
    expect(bandLines({ entry: 2, exit: 0.5 }).map((l) => [l.level, l.kind])).toEqual([[2, 'entry'], [-2, 'entry'], [0.5, 'exit'], [-0.5, 'exit']]);
  });
});
