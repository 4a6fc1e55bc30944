import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const exact = { initialMs: 250, maxMs: 8000, jitter: 0 };

  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, exact))).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('spreads by at most the jitter fraction either way', () => {
    const opts = { initialMs: 1000, maxMs: 8000, jitter: 0.2 };
    expect(backoffDelay(0, opts, () => 0)).toBe(800);
    expect(backoffDelay(0, opts, () => 1)).toBe(1200);
  });
});
