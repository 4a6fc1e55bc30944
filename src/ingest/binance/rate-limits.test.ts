import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { LagPercentiles } from './lag-percentiles.js';
import { StallThreshold } from './stall-threshold.js';
import { TokenBucket } from './token-bucket.js';

describe('Backoff', () => {
  it('doubles its ceiling per attempt up to the cap, with full jitter', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1000, random: () => 0.999999 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([99, 199, 399, 799, 999]);
    b.reset();
    expect(b.next()).toBe(99);
    const low = new Backoff({ baseMs: 100, capMs: 1000, random: () => 0 });
    expect(low.next()).toBe(0);
  });
});

describe('TokenBucket', () => {
  it('allows 10 messages a second and says how long to wait beyond', () => {
    const bucket = new TokenBucket(10, 10, 0);
    for (let i = 0; i < 10; i++) expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(100)).toBeGreaterThan(0);
  });
});

describe('StallThreshold', () => {
  it('is the maximum until it has seen enough trades, then follows the trade rate within bounds', () => {
    const s = new StallThreshold({ minMs: 1000, maxMs: 60_000, factor: 30 });
    expect(s.thresholdMs()).toBe(60_000);
    for (let i = 0; i < 50; i++) s.observe(i * 10);
    expect(s.thresholdMs()).toBe(1000);
    const quiet = new StallThreshold({ minMs: 1000, maxMs: 60_000, factor: 30 });
    for (let i = 0; i < 50; i++) quiet.observe(i * 500);
    expect(quiet.thresholdMs()).toBeCloseTo(15_000, -2);
  });
});

describe('LagPercentiles', () => {
  it('gives nearest-rank percentiles of the recent samples', () => {
    const l = new LagPercentiles(100);
    expect(l.percentile(50)).toBeNull();
    for (let i = 1; i <= 100; i++) l.add(i);
    expect(l.percentile(50)).toBe(50);
    expect(l.percentile(99)).toBe(99);
    for (let i = 0; i < 100; i++) l.add(1000);
    expect(l.percentile(50)).toBe(1000);
  });
});
