import { describe, expect, it } from 'vitest';
import type { SymbolOverviewDto } from '../../../src/server/dto/overview-schemas';
import { formatScientific, formatVolPercent, imbalanceBar, overviewCardModel, withWindowFigures } from './overview-card-model';
import type { PriceCardModel } from './price-card-model';

const dto: SymbolOverviewDto = {
  symbol: 'BTCUSDT',
  tf: '1m',
  bars: 60,
  firstStart: 0,
  last: 97_150,
  change: -350,
  changePct: -0.358974,
  high: 97_600.5,
  low: 96_900,
  volume: 1234.5,
  trades: 8123,
  tradesPerSecond: 2.256,
  avgTradeSize: 0.15197,
  rollingVwap: 97_250.12,
  sessionVwap: 97_010.9,
  buyVolume: 60,
  sellVolume: 40,
  imbalance: 0.2,
  imbalanceSpanMs: 900_000,
  amihud: 3.14e-11,
  realisedVol: 0.0021,
  realisedVolAnnualised: 0.5423,
  volumeSpikes: [1, 2],
  spikeNow: true,
};

describe('formatting of the small figures', () => {
  it('writes tiny ratios in two significant digits with a true minus', () => {
    expect(formatScientific(3.14e-11)).toBe('3.1e\u221211');
    expect(formatScientific(0)).toBe('0');
    expect(formatScientific(null)).toBe('\u2014');
  });

  it('writes annualised volatility as a percentage', () => {
    expect(formatVolPercent(0.5423)).toBe('54.2%');
    expect(formatVolPercent(Number.NaN)).toBe('\u2014');
  });
});

describe('imbalanceBar', () => {
  it('grows right of the centre for net buying and left for net selling, half the track at ±1', () => {
    expect(imbalanceBar(0.2)).toEqual({ left: 50, width: 10 });
    expect(imbalanceBar(-1)).toEqual({ left: 0, width: 50 });
    expect(imbalanceBar(null)).toEqual({ left: 50, width: 0 });
  });

  it('clamps values outside [−1, 1]', () => {
    expect(imbalanceBar(3)).toEqual({ left: 50, width: 50 });
  });
});

describe('overviewCardModel', () => {
  it('formats every figure with a formula in its tooltip', () => {
    const m = overviewCardModel(dto, 60_000);
    const byKey = Object.fromEntries(m.cells.map((c) => [c.key, c]));
    expect(byKey['vwap-rolling']?.value).toBe('97,250.1');
    expect(byKey['vwap-session']?.value).toBe('97,010.9');
    expect(byKey['tps']?.value).toBe('2.3');
    expect(byKey['rv']?.value).toBe('54.2%');
    expect(byKey['amihud']?.value).toBe('3.1e\u221211');
    for (const c of m.cells) expect(c.title.length).toBeGreaterThan(20);
    expect(m.imbalance).toMatchObject({ label: '+0.20', tone: 'up', left: 50, width: 10 });
    expect(m.imbalance.title).toContain('15m');
    expect(m.spikeNow).toBe(true);
    expect(m.spikeCount).toBe(2);
  });

  it('shows dashes before the first answer', () => {
    const m = overviewCardModel(undefined, 1000);
    expect(m.cells.every((c) => c.value === '\u2014')).toBe(true);
    expect(m.imbalance.label).toBe('\u2014');
    expect(m.spikeNow).toBe(false);
  });
});

describe('withWindowFigures', () => {
  const card: PriceCardModel = { symbol: 'BTCUSDT', selected: false, last: '97,150.0', tick: 'up', change: '+1.0', changePct: '+0.00%', trend: 'up', volume: '1.000', window: 'over 83m', rate: '', spark: '', note: null, funding: null };

  it("puts the window's change and volume on the card's top lines", () => {
    expect(withWindowFigures(card, dto, '1m', 60)).toMatchObject({ change: '\u2212350.0', changePct: '\u22120.36%', trend: 'down', volume: '1,234.5', window: '60 × 1m' });
  });

  it('leaves the card alone for figures of another timeframe', () => {
    expect(withWindowFigures(card, dto, '1s', 60)).toBe(card);
    expect(withWindowFigures(card, undefined, '1m', 60)).toBe(card);
  });
});
