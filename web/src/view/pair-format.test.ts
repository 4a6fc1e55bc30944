import { describe, expect, it } from 'vitest';
import { formatPValue, formatSig, formatStat } from './pair-format';

describe('formatSig', () => {
  it('keeps four significant digits at any magnitude', () => {
    expect(formatSig(0.0351234)).toBe('0.03512');
    expect(formatSig(1.23456)).toBe('1.235');
    expect(formatSig(-12.3456)).toBe('\u221212.35');
    expect(formatSig(97123.44)).toBe('97,123');
  });

  it('switches to an exponent for tiny numbers and shows a dash for missing ones', () => {
    expect(formatSig(0.0000123)).toBe('1.230e-5');
    expect(formatSig(null)).toBe('\u2014');
    expect(formatSig(Number.NaN)).toBe('\u2014');
    expect(formatSig(0)).toBe('0');
  });
});

describe('formatPValue and formatStat', () => {
  it('writes small p-values in scientific notation', () => {
    expect(formatPValue(0.0478)).toBe('0.048');
    expect(formatPValue(0.0000412)).toBe('4.1e\u22125');
    expect(formatPValue(null)).toBe('\u2014');
  });

  it('writes statistics with two decimals and a true minus', () => {
    expect(formatStat(-3.4219)).toBe('\u22123.42');
    expect(formatStat(undefined)).toBe('\u2014');
  });
});
