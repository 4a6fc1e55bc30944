import { describe, expect, it } from 'vitest';
import { bucketStart, parseTimeframe } from './timeframe.js';

describe('parseTimeframe', () => {
  it.each([
    ['1s', 1000],
    ['250ms', 250],
    ['15s', 15_000],
    ['1m', 60_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['1d', 86_400_000],
  ])('parses %s into %d ms', (label, ms) => {
    const r = parseTimeframe(label);
    expect(r.ok && r.value).toEqual({ label, ms });
  });

  it.each(['', '0s', '1', 's', '1min', '1.5s', '-1s', '01s', '1w', '31d'])('rejects %j with a message that names it', (label) => {
    const r = parseTimeframe(label);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(`'${label}'`);
  });
});

describe('bucketStart', () => {
  it('is left-closed and epoch-aligned', () => {
    expect(bucketStart(59_999, 60_000)).toBe(0);
    expect(bucketStart(60_000, 60_000)).toBe(60_000);
    expect(bucketStart(1_795_000_000_123, 250)).toBe(1_795_000_000_000);
  });
});
