import { describe, expect, it } from 'vitest';
import { parseBool, parseDecimal, parseId, parseIsoTime, parseTimestamp } from './field-parsers.js';

describe('parseDecimal', () => {
  it.each([['12.5', 12.5], ['-1', -1], ['.5', 0.5], ['1e-3', 0.001], [' 7 ', 7]])('reads %j', (raw, v) => {
    expect(parseDecimal('price', raw)).toEqual({ ok: true, value: v });
  });

  it.each(['12,5', '', '0x10', 'Infinity', 'NaN', '1.2.3', '"5"'])('rejects %j naming the field and quoting the input', (raw) => {
    const r = parseDecimal('price', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`price is not a number ('${raw}')`);
  });
});

describe('parseId', () => {
  it('reads non-negative safe integers and rejects the rest', () => {
    expect(parseId('id', '42')).toEqual({ ok: true, value: 42 });
    expect(parseId('id', '-1').ok).toBe(false);
    expect(parseId('id', '1.5').ok).toBe(false);
    expect(parseId('id', '9007199254740993').ok).toBe(false);
  });
});

describe('parseBool', () => {
  it('reads true/false in any case and 1/0', () => {
    expect(['True', 'false', '1', '0'].map((s) => parseBool('m', s))).toEqual([true, false, true, false].map((value) => ({ ok: true, value })));
    expect(parseBool('m', 'yes').ok).toBe(false);
  });
});

describe('parseIsoTime', () => {
  it('reads UTC with ms, a space for T, offsets, and no zone as UTC', () => {
    expect(parseIsoTime('2026-11-24T03:21:56.123Z')).toBe(Date.UTC(2026, 10, 24, 3, 21, 56, 123));
    expect(parseIsoTime('2026-11-24 03:21:56')).toBe(Date.UTC(2026, 10, 24, 3, 21, 56));
    expect(parseIsoTime('2026-11-24T05:21:56+02:00')).toBe(Date.UTC(2026, 10, 24, 3, 21, 56));
    expect(parseIsoTime('2026-11-24T03:21:56.123456Z')).toBe(Date.UTC(2026, 10, 24, 3, 21, 56, 123));
  });

  it('rejects impossible dates and other shapes', () => {
    expect(parseIsoTime('2024-02-30T00:00:00Z')).toBeNull();
    expect(parseIsoTime('2024-01-01T24:00:00Z')).toBeNull();
    expect(parseIsoTime('01/02/2024')).toBeNull();
  });
});

describe('parseTimestamp', () => {
  it('reads integers as epoch ms, or by magnitude as seconds, ms or µs under seconds-ms-or-us', () => {
    expect(parseTimestamp('ts', '1700000000000')).toEqual({ ok: true, value: 1_700_000_000_000 });
    expect(parseTimestamp('ts', '1700000000', 'seconds-ms-or-us')).toEqual({ ok: true, value: 1_700_000_000_000 });
    expect(parseTimestamp('ts', '1700000000000', 'seconds-ms-or-us')).toEqual({ ok: true, value: 1_700_000_000_000 });
    expect(parseTimestamp('ts', '1700000000123456', 'seconds-ms-or-us')).toEqual({ ok: true, value: 1_700_000_000_123 });
    expect(parseTimestamp('ts', '99999999999999', 'seconds-ms-or-us')).toEqual({ ok: true, value: 99_999_999_999_999 });
    expect(parseTimestamp('ts', '100000000000000', 'seconds-ms-or-us')).toEqual({ ok: true, value: 100_000_000_000 });
    expect(parseTimestamp('ts', '1700000000000000000', 'seconds-ms-or-us')).toEqual({ ok: false, error: "ts is out of range ('1700000000000000000')" });
  });

  it('names the accepted forms when it rejects', () => {
    const r = parseTimestamp('ts', 'yesterday');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/ts is neither ISO-8601 .* nor epoch ms \('yesterday'\)/);
  });
});
