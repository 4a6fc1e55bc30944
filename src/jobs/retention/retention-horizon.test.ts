import { describe, expect, it } from 'vitest';
import { parseRetentionHorizon } from './retention-horizon.js';

describe('parseRetentionHorizon', () => {
  it('reads the lookback grammar into ms', () => {
    expect(parseRetentionHorizon('30d')).toEqual({ ok: true, value: 30 * 86_400_000 });
    expect(parseRetentionHorizon(' 90m ')).toEqual({ ok: true, value: 90 * 60_000 });
  });

  it('refuses 0, which would delete every tick, naming the flag', () => {
    const r = parseRetentionHorizon('0', '--retain-ticks');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("--retain-ticks '0' must be longer than 0 (it would delete every tick)");
  });

  it('refuses other units and horizons past 365 days', () => {
    expect(parseRetentionHorizon('4w').ok).toBe(false);
    expect(parseRetentionHorizon('366d').ok).toBe(false);
  });
});

describe('parseRetentionHorizon messages', () => {
  it('names the field and the grammar for a malformed horizon', () => {
    const r = parseRetentionHorizon('2 weeks', 'olderThan');
    expect(r.ok ? null : r.error.message).toBe("olderThan '2 weeks' is not <n><unit> with unit m, h or d (e.g. 30d, 12h, 90m)");
    const zero = parseRetentionHorizon('0d', 'olderThan');
    expect(zero.ok ? null : zero.error.message).toBe("olderThan '0d' must be longer than 0 (it would delete every tick)");
  });
});
