import { describe, expect, it } from 'vitest';
import { LOG_LEVELS, parseLogLevel } from './log-level.js';

describe('parseLogLevel', () => {
  it('accepts every pino level and silent, in any case', () => {
    for (const l of LOG_LEVELS) expect(parseLogLevel(l.toUpperCase(), '--log-level')).toEqual({ ok: true, value: l });
  });

  it('is info when nothing is given', () => {
    expect(parseLogLevel(undefined, '--log-level')).toEqual({ ok: true, value: 'info' });
    expect(parseLogLevel(' ', 'TANDEM_LOG_LEVEL')).toEqual({ ok: true, value: 'info' });
  });

  it('refuses anything else, naming the value, where it came from and the levels', () => {
    const r = parseLogLevel('loud', 'TANDEM_LOG_LEVEL');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe("TANDEM_LOG_LEVEL 'loud' is not a log level: trace, debug, info, warn, error, fatal, silent");
  });
});
