/**
 * The Data Export tab's choice turned into a download: UTC time fields read and written,
 * the choice checked with the server's own rules, and the `GET /api/export/*.{csv,parquet,arrow}`
 * address an `<a download>` points at.
 *
 * Times are typed in UTC as `YYYY-MM-DD HH:MM[:SS]` (a `T` also accepted). A browser's
 * date-time picker would show and read local time, which is how exports end up an hour off,
 * so the fields are plain text labelled UTC.
 * @module
 */

import { parseSymbol } from '../../../src/model/market-symbol';
import { HEDGE_METHODS, MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, type HedgeMethod } from '../../../src/model/pair-spec';
import { parseTimeframe } from '../../../src/model/timeframe';

export { HEDGE_METHODS, type HedgeMethod };

export type ExportKind = 'ticks' | 'bars' | 'pair';

/** The file formats the export routes answer in, each its own route extension (docs/api.md, "Export"). */
export type ExportFileFormat = 'csv' | 'parquet' | 'arrow';

export const EXPORT_FILE_FORMATS: readonly ExportFileFormat[] = ['csv', 'parquet', 'arrow'];

/** The form as typed. */
export interface ExportForm {
  readonly kind: ExportKind;
  readonly format: ExportFileFormat;
  readonly symbol: string;
  /** Pair exports: the dependent leg `y` is `symbol`, regressed on `x`. */
  readonly x: string;
  readonly tf: string;
  readonly method: HedgeMethod;
  readonly window: string;
  /** UTC text; empty leaves that end open (from the first stored row, up to now). */
  readonly from: string;
  readonly to: string;
}

export interface ExportPlan {
  /** The download address, or null while the form has an error. */
  readonly href: string | null;
  readonly filename: string;
  /** What is wrong, in the field's words, or null. */
  readonly error: string | null;
  /** `"BTCUSDT ticks from 2026-11-24 13:00:00 UTC to now"`. */
  readonly summary: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Epoch ms → `2026-11-24 13:05:00` (UTC), the fields' format. */
export function formatUtcInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const UTC_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?Z?$/;

export type UtcParse = { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly error: string };

/**
 * A UTC field → epoch ms; empty → null (an open end). A date alone is its midnight. Rejects
 * what does not match or names a day that does not exist (`2026-02-30`).
 */
export function parseUtcInput(text: string): UtcParse {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const m = UTC_INPUT.exec(t);
  if (m === null) return { ok: false, error: `'${t}' is not a UTC time like 2026-11-24 13:05:00` };
  const num = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const [y, mo, d, h, mi, sec] = [num(1), num(2), num(3), num(4), num(5), num(6)];
  const milli = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const value = Date.UTC(y, mo - 1, d, h, mi, sec, milli);
  const back = new Date(value);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return { ok: false, error: `'${t}' is not a real UTC time` };
  return { ok: true, value };
}

/** The default range: the last hour, from the start of the minute an hour ago to now (open end). */
export function defaultRange(nowMs: number): { from: string; to: string } {
  return { from: formatUtcInput(Math.floor((nowMs - 3_600_000) / 60_000) * 60_000), to: '' };
}

/** A quick range of the last `spanMs` (null: everything stored), as field texts. */
export function lastRange(nowMs: number, spanMs: number | null): { from: string; to: string } {
  return { from: spanMs === null ? '' : formatUtcInput(Math.floor((nowMs - spanMs) / 1000) * 1000), to: '' };
}

function query(params: Readonly<Record<string, string | number | null | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

const describeEnd = (ms: number | null, open: string): string => (ms === null ? open : `${formatUtcInput(ms)} UTC`);

/**
 * The download of a form: its address under `/api/export/`, the file name the server gives it
 * (`content-disposition`), or the first thing wrong with the form. `token` is the page's
 * access token, forwarded as `?token=` because a link cannot send a header.
 */
export function exportPlan(form: ExportForm, token: string | null): ExportPlan {
  const fail = (error: string): ExportPlan => ({ href: null, filename: '', error, summary: '' });
  const symbol = parseSymbol(form.symbol);
  if (!symbol.ok) return fail(symbol.error.message);
  const from = parseUtcInput(form.from);
  if (!from.ok) return fail(`From: ${from.error}`);
  const to = parseUtcInput(form.to);
  if (!to.ok) return fail(`To: ${to.error}`);
  if (from.value !== null && to.value !== null && to.value <= from.value) return fail('To must be after From');
  const range = `from ${describeEnd(from.value, 'the first stored row')} to ${describeEnd(to.value, 'now')}`;
  const auth = { token: token ?? undefined };
  const ext = form.format;
  if (form.kind === 'ticks') {
    return { href: `/api/export/ticks.${ext}?${query({ symbol: symbol.value, from: from.value, to: to.value, ...auth })}`, filename: `${symbol.value}-ticks.${ext}`, error: null, summary: `${symbol.value} ticks ${range}` };
  }
  const tf = parseTimeframe(form.tf);
  if (!tf.ok) return fail(`Timeframe: ${tf.error.message}`);
  if (form.kind === 'bars') {
    return {
      href: `/api/export/bars.${ext}?${query({ symbol: symbol.value, tf: tf.value.label, from: from.value, to: to.value, ...auth })}`,
      filename: `${symbol.value}-${tf.value.label}-bars.${ext}`,
      error: null,
      summary: `${symbol.value} ${tf.value.label} bars ${range}`,
    };
  }
  const x = parseSymbol(form.x);
  if (!x.ok) return fail(`X leg: ${x.error.message}`);
  if (x.value === symbol.value) return fail('The two legs of a pair must differ');
  const window = Number(form.window);
  if (!Number.isInteger(window) || window < MIN_PAIR_WINDOW || window > MAX_PAIR_WINDOW) return fail(`Window: '${form.window}' is not a whole number of bars from ${MIN_PAIR_WINDOW} to ${MAX_PAIR_WINDOW}`);
  return {
    href: `/api/export/pair.${ext}?${query({ y: symbol.value, x: x.value, tf: tf.value.label, method: form.method, window, from: from.value, to: to.value, ...auth })}`,
    filename: `${symbol.value}-${x.value}-${tf.value.label}-${form.method}-${window}.${ext}`,
    error: null,
    summary: `${symbol.value} on ${x.value}, ${form.method}, ${window} × ${tf.value.label} ${range}`,
  };
}
