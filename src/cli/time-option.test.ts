import { describe, expect, it } from 'vitest';
import { parseTimeOption } from './time-option.js';

describe('parseTimeOption', () => {
  it('reads epoch ms, ISO-8601 date-times and dates', () => {
    expect(parseTimeOption('from', '1706745600000')).toBe(Date.UTC(2024, 1, 1));
    expect(parseTimeOption('from', '2024-02-01T00:00:00Z')).toBe(Date.UTC(2024, 1, 1));
    expect(parseTimeOption('from', '2024-02-01')).toBe(Date.UTC(2024, 1, 1));
  });

  it('refuses 2024-02-30 naming the option, with the code it is given', () => {
    expect(() => parseTimeOption('from', '2024-02-30')).toThrow("--from: '2024-02-30' names a date or time that does not exist");
    expect(() => parseTimeOption('to', 'soon', 'invalid_backtest')).toThrow(expect.objectContaining({ code: 'invalid_backtest', message: expect.stringMatching(/^--to: 'soon' is neither/) }));
  });
});
