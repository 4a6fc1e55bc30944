import { describe, expect, it } from 'vitest';
import { parseTimeBound, readIsoTime } from './iso-time.js';

describe('readIsoTime', () => {
  it('reads a date alone as its midnight UTC only when dates are allowed', () => {
    expect(readIsoTime('2024-02-29', { allowDate: true })).toEqual({ ok: true, value: Date.UTC(2024, 1, 29) });
    expect(readIsoTime('2024-02-29')).toEqual({ ok: false, error: 'not-iso' });
  });

  it('tells a date that does not exist from a string of another shape', () => {
    expect(readIsoTime('2024-02-30', { allowDate: true })).toEqual({ ok: false, error: 'no-such-time' });
    expect(readIsoTime('2023-02-29T00:00:00Z')).toEqual({ ok: false, error: 'no-such-time' });
    expect(readIsoTime('2024-01-01T12:60:00Z')).toEqual({ ok: false, error: 'no-such-time' });
    expect(readIsoTime('next tuesday', { allowDate: true })).toEqual({ ok: false, error: 'not-iso' });
  });
});

describe('parseTimeBound', () => {
  it('reads epoch ms as a number or as digits', () => {
    expect(parseTimeBound(1_706_745_600_000)).toEqual({ ok: true, value: 1_706_745_600_000 });
    expect(parseTimeBound('1706745600000')).toEqual({ ok: true, value: 1_706_745_600_000 });
  });

  it('reads ISO-8601 dates and date-times, with offsets, as the same instant', () => {
    const t = Date.UTC(2024, 1, 1, 9, 30);
    expect(parseTimeBound('2024-02-01T09:30:00Z')).toEqual({ ok: true, value: t });
    expect(parseTimeBound('2024-02-01T11:30:00+02:00')).toEqual({ ok: true, value: t });
    expect(parseTimeBound('2024-02-01 09:30')).toEqual({ ok: true, value: t });
    expect(parseTimeBound('2024-02-01')).toEqual({ ok: true, value: Date.UTC(2024, 1, 1) });
  });

  it('refuses 2024-02-30 instead of rolling it over to March 1st as Date.parse does', () => {
    expect(Date.parse('2024-02-30')).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimeBound('2024-02-30')).toEqual({ ok: false, error: "'2024-02-30' names a date or time that does not exist" });
  });

  it('refuses negative, fractional and unsafe numbers, other shapes and times before 1970, quoting the input', () => {
    expect(parseTimeBound(-1).ok).toBe(false);
    expect(parseTimeBound(1.5).ok).toBe(false);
    expect(parseTimeBound('99999999999999999999')).toEqual({ ok: false, error: "'99999999999999999999' is out of range for epoch milliseconds" });
    expect(parseTimeBound('02/01/2024')).toEqual({ ok: false, error: "'02/01/2024' is neither epoch ms nor an ISO-8601 date or date-time (2024-02-01, 2024-02-01T09:30:00Z)" });
    expect(parseTimeBound('1969-12-31')).toEqual({ ok: false, error: "'1969-12-31' is before 1970" });
  });
});
