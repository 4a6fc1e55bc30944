import { describe, expect, it } from 'vitest';
import { formatCountdown, formatFundingRate, fundingModel } from './funding-model';

describe('formatFundingRate', () => {
  it('shows a fraction per 8 h as a signed percentage with four decimals', () => {
    expect(formatFundingRate(0.0001)).toBe('+0.0100%');
    expect(formatFundingRate(0.00038167)).toBe('+0.0382%');
    expect(formatFundingRate(-0.000125)).toBe('\u22120.0125%');
    expect(formatFundingRate(0)).toBe('0.0000%');
    expect(formatFundingRate(null)).toBe('—');
  });
});

describe('formatCountdown', () => {
  it('counts hours, minutes and seconds left', () => {
    expect(formatCountdown(7 * 3_600_000 + 5 * 60_000 + 9_400)).toBe('7:05:09');
    expect(formatCountdown(0)).toBe('0:00:00');
    expect(formatCountdown(-1)).toBe('—');
  });
});

describe('fundingModel', () => {
  it('counts down from the update\'s own time to the next settlement', () => {
    const m = fundingModel({ symbol: 'BTCUSDT', ts: 1_562_305_380_000, markPrice: 11_794.15, indexPrice: 11_784.62659091, estimatedSettlePrice: 11_784.25641265, fundingRate: 0.00038167, nextFundingTime: 1_562_306_400_000 }, 2);
    expect(m).toMatchObject({ rate: '+0.0382%', tone: 'up', countdown: '0:17:00' });
    expect(m!.mark).toContain('11,794.15');
  });

  it('is null without a mark, and has no rate for a delivery contract', () => {
    expect(fundingModel(null)).toBeNull();
    expect(fundingModel({ symbol: 'X1', ts: 0, markPrice: 1, indexPrice: null, estimatedSettlePrice: null, fundingRate: null, nextFundingTime: null })).toMatchObject({ rate: '—', countdown: '—', tone: 'flat' });
  });
});
