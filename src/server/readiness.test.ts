import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';

const never = (): Promise<void> => new Promise(() => undefined);

describe('checkReadiness', () => {
  it('is ready when every probe answers, with each check timed', async () => {
    const r = await checkReadiness([
      { name: 'store', probe: () => Promise.resolve() },
      { name: 'redis', probe: () => new Promise((ok) => setTimeout(ok, 20)) },
    ]);
    expect(r.ready).toBe(true);
    expect(r.failing).toEqual([]);
    expect(r.checks['store']).toEqual({ ok: true, ms: expect.any(Number) });
    expect(r.checks['redis']!.ms).toBeGreaterThanOrEqual(15);
  });

  it('names the probe that rejected, with its reason', async () => {
    const r = await checkReadiness([
      { name: 'store', probe: () => Promise.reject(new Error('The database connection is not open')) },
      { name: 'bus', probe: () => Promise.resolve() },
    ]);
    expect(r.ready).toBe(false);
    expect(r.failing).toEqual(['store']);
    expect(r.checks['store']).toMatchObject({ ok: false, error: 'The database connection is not open' });
    expect(r.checks['bus']!.ok).toBe(true);
  });

  it('gives up on a probe that never answers after its time limit, so readiness never hangs', async () => {
    const t0 = Date.now();
    const r = await checkReadiness([{ name: 'redis', probe: never }, { name: 'bus', probe: never }], 100);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.failing).toEqual(['redis', 'bus']);
    expect(r.checks['redis']).toMatchObject({ ok: false, error: 'no answer within 100 ms' });
    expect(r.checks['redis']!.ms).toBeGreaterThanOrEqual(90);
  });

  it('counts a probe that throws synchronously as failed', async () => {
    const r = await checkReadiness([
      {
        name: 'store',
        probe: () => {
          throw new Error('closed');
        },
      },
    ]);
    expect(r.checks['store']).toMatchObject({ ok: false, error: 'closed' });
  });

  it('refuses a time limit that is not a positive number', async () => {
    await expect(checkReadiness([], 0)).rejects.toThrow(/timeoutMs must be a positive number/);
  });
});
