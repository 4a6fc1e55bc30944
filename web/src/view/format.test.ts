import { describe, expect, it } from 'vitest';
import { formatBarTime, formatPercent, formatPrice, formatSignedPrice, formatVolume, priceDecimals } from './format';

describe('price formatting', () => {
  it('uses as many decimals as the magnitude needs', () => {
    expect(formatPrice(97123.44)).toBe('97,123.4');
    expect(formatPrice(3456.789)).toBe('3,456.79');
    expect(formatPrice(1.23456)).toBe('1.235');
    expect(formatPrice(0.012345)).toBe('0.01235');
    expect(priceDecimals(0)).toBe(2);
  });

  it('signs changes with a true minus sign', () => {
    expect(formatSignedPrice(-12.5, 1)).toBe('\u221212.5');
    expect(formatSignedPrice(0.5, 2)).toBe('+0.50');
    expect(formatPercent(-0.0123)).toBe('\u22121.23%');
  });

  it('shows a dash for missing numbers', () => {
    expect(formatPrice(null)).toBe('\u2014');
    expect(formatVolume(Number.NaN)).toBe('\u2014');
  });
});

describe('formatBarTime', () => {
  const t = Date.UTC(2026, 10, 24, 14, 3, 5, 250);

  it('shows milliseconds only below one second', () => {
    expect(formatBarTime(t, 250)).toBe('14:03:05.250');
    expect(formatBarTime(t - 250, 1000)).toBe('14:03:05');
  });

  it('shows the date for daily bars and on request', () => {
    expect(formatBarTime(Date.UTC(2026, 10, 24), 86_400_000)).toBe('2026-11-24');
    expect(formatBarTime(Date.UTC(2026, 10, 24, 14, 5), 300_000, true)).toBe('2026-11-24 14:05');
  });
});
