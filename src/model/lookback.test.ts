import { describe, expect, it } from 'vitest';
import { parseLookback } from './lookback.js';

describe('parseLookback', () => {
  it('reads 0 and <n><unit> in minutes, hours and days', () => {
    expect(parseLookback('0')).toEqual({ ok: true, value: 0 });
    expect(parseLookback('90m')).toEqual({ ok: true, value: 5_400_000 });
    expect(parseLookback(' 12h ')).toEqual({ ok: true, value: 43_200_000 });
    expect(parseLookback('7d')).toEqual({ ok: true, value: 604_800_000 });
  });

  it('names what was wrong', () => {
    const r = parseLookback('2 days', '--backfill');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("--backfill '2 days' is not 0 or <n><unit> with unit m, h or d (e.g. 90m, 12h, 7d)");
    expect(parseLookback('400d').ok).toBe(false);
    expect(parseLookback('-1d').ok).toBe(false);
  });
});
