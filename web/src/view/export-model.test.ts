import { describe, expect, it } from 'vitest';
import { defaultRange, exportPlan, formatUtcInput, lastRange, parseUtcInput, type ExportForm } from './export-model';

const T = Date.UTC(2026, 10, 24, 13, 5, 0);

describe('UTC fields', () => {
  it('round-trips a time through its text', () => {
    expect(formatUtcInput(T)).toBe('2026-11-24 13:05:00');
    expect(parseUtcInput('2026-11-24 13:05:00')).toEqual({ ok: true, value: T });
  });

  it('reads a T separator, no seconds, milliseconds, a trailing Z, and a date alone as midnight', () => {
    expect(parseUtcInput('2026-11-24T13:05')).toEqual({ ok: true, value: T });
    expect(parseUtcInput('2026-11-24 13:05:00.25Z')).toEqual({ ok: true, value: T + 250 });
    expect(parseUtcInput('2026-11-24')).toEqual({ ok: true, value: Date.UTC(2026, 10, 24) });
  });

  it('reads an empty field as an open end', () => {
    expect(parseUtcInput('  ')).toEqual({ ok: true, value: null });
  });

  it('rejects what is not a time, and days that do not exist', () => {
    expect(parseUtcInput('yesterday')).toMatchObject({ ok: false });
    expect(parseUtcInput('2026-02-30 10:00')).toMatchObject({ ok: false, error: expect.stringContaining('not a real UTC time') });
    expect(parseUtcInput('2026-11-24 24:00')).toMatchObject({ ok: false });
  });

  it('defaults to the last hour from the start of its minute, open to now', () => {
    expect(defaultRange(T + 42_000)).toEqual({ from: '2026-11-24 12:05:00', to: '' });
    expect(lastRange(T, 15 * 60_000)).toEqual({ from: '2026-11-24 12:50:00', to: '' });
    expect(lastRange(T, null)).toEqual({ from: '', to: '' });
  });
});

describe('exportPlan', () => {
  const form: ExportForm = { kind: 'ticks', format: 'csv', symbol: 'btcusdt', x: 'ETHUSDT', tf: '1m', method: 'ols', window: '60', from: '2026-11-24 12:05', to: '' };

  it('links ticks of a symbol from a time on, leaving the open end out', () => {
    const p = exportPlan(form, null);
    expect(p.href).toBe(`/api/export/ticks.csv?symbol=BTCUSDT&from=${T - 3_600_000}`);
    expect(p.filename).toBe('BTCUSDT-ticks.csv');
    expect(p.summary).toBe('BTCUSDT ticks from 2026-11-24 12:05:00 UTC to now');
  });

  it('links bars at any timeframe, trimmed, with both ends', () => {
    const p = exportPlan({ ...form, kind: 'bars', tf: ' 15m ', to: '2026-11-24 13:05' }, null);
    expect(p.href).toBe(`/api/export/bars.csv?symbol=BTCUSDT&tf=15m&from=${T - 3_600_000}&to=${T}`);
    expect(p.filename).toBe('BTCUSDT-15m-bars.csv');
  });

  it('links the pair series with its method and window', () => {
    const p = exportPlan({ ...form, kind: 'pair', symbol: 'ETHUSDT', x: 'BTCUSDT', method: 'kalman', from: '' }, null);
    expect(p.href).toBe('/api/export/pair.csv?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60');
    expect(p.filename).toBe('ETHUSDT-BTCUSDT-1m-kalman-60.csv');
  });

  it('links the same query under the route of the chosen format, and names the file by it', () => {
    const ticks = exportPlan({ ...form, format: 'parquet' }, null);
    expect(ticks.href).toBe(`/api/export/ticks.parquet?symbol=BTCUSDT&from=${T - 3_600_000}`);
    expect(ticks.filename).toBe('BTCUSDT-ticks.parquet');
    const bars = exportPlan({ ...form, kind: 'bars', format: 'arrow', tf: '1m', from: '' }, null);
    expect(bars.href).toBe('/api/export/bars.arrow?symbol=BTCUSDT&tf=1m');
    expect(bars.filename).toBe('BTCUSDT-1m-bars.arrow');
    const pair = exportPlan({ ...form, kind: 'pair', format: 'parquet', symbol: 'ETHUSDT', x: 'BTCUSDT', from: '' }, null);
    expect(pair.href).toBe('/api/export/pair.parquet?y=ETHUSDT&x=BTCUSDT&tf=1m&method=ols&window=60');
    expect(pair.filename).toBe('ETHUSDT-BTCUSDT-1m-ols-60.parquet');
  });

  it("forwards the page's access token, since a link cannot send a header", () => {
    expect(exportPlan(form, 's3cret&x').href).toContain('&token=s3cret%26x');
  });

  it('names the first thing wrong and offers no link', () => {
    expect(exportPlan({ ...form, symbol: 'not a symbol' }, null)).toMatchObject({ href: null, error: expect.stringContaining("'not a symbol'") });
    expect(exportPlan({ ...form, from: '2026-11-24 14:00', to: '2026-11-24 13:00' }, null).error).toBe('To must be after From');
    expect(exportPlan({ ...form, kind: 'bars', tf: 'soon' }, null).error).toMatch(/^Timeframe: /);
    expect(exportPlan({ ...form, kind: 'pair', symbol: 'BTCUSDT', x: 'BTCUSDT' }, null).error).toBe('The two legs of a pair must differ');
    expect(exportPlan({ ...form, kind: 'pair', symbol: 'ETHUSDT', x: 'BTCUSDT', window: '1' }, null).error).toMatch(/^Window: /);
    expect(exportPlan({ ...form, from: 'noon' }, null).error).toMatch(/^From: /);
  });
});
