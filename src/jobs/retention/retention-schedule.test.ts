import { describe, expect, it } from 'vitest';
import { RetentionSchedule } from './retention-schedule.js';
import type { RetentionResult } from './retention-result.js';

const result = (deleted: number): RetentionResult => ({ cutoff: 0, symbols: [{ symbol: 'BTCUSDT', deleted }], deleted, partitionsDropped: 0 });

describe('RetentionSchedule', () => {
  it('runs after the first delay, then every interval, never two runs at once, and reports failures', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const reported: number[] = [];
    const errors: unknown[] = [];
    const schedule = new RetentionSchedule(
      async () => {
        runs++;
        active++;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 15));
        active--;
        if (runs === 2) throw new Error('locked');
        return result(runs === 3 ? 0 : runs);
      },
      { firstDelayMs: 5, intervalMs: 1, onResult: (r) => reported.push(r.deleted), onError: (e) => errors.push(e) },
    );
    schedule.start();
    for (let i = 0; i < 200 && runs < 4; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    await schedule.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(after);
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    expect(reported.slice(0, 2)).toEqual([1, 4]);
    expect(errors).toHaveLength(1);
  });
});
