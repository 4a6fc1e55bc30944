/**
 * The Backtest tab's parameter form: what the fields hold (text, as typed), their defaults, and
 * the step from fields to a `POST /api/backtest` body. Validation here is the quick, local
 * kind (a number where a number belongs, exit < entry, stop > entry); the server has the last
 * word and its 400 message is shown beside the field it names (`fieldOfServerError`).
 * @module
 */

import type { HedgeMethod, PriceScale } from '../../../src/model/pair-spec';
import type { BacktestBody } from '../../../src/server/dto/backtest-schemas';

export type FillMode = NonNullable<BacktestBody['fill']>;

/** The fields of the form, as typed. Empty `stop` and `maxHold` mean "none". */
export interface BacktestForm {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly method: HedgeMethod;
  readonly prices: PriceScale;
  readonly window: string;
  readonly entry: string;
  readonly exit: string;
  readonly stop: string;
  readonly maxHold: string;
  readonly fill: FillMode;
  readonly notional: string;
  readonly feeBps: string;
  readonly slippageBps: string;
}

export type BacktestField = keyof BacktestForm;

/** The API's own defaults (docs/backtest.md), on the simulator's two largest legs. */
export const DEFAULT_BACKTEST_FORM: BacktestForm = {
  y: 'ETHUSDT',
  x: 'BTCUSDT',
  tf: '1m',
  method: 'ols',
  prices: 'raw',
  window: '20',
  entry: '2',
  exit: '0.5',
  stop: '',
  maxHold: '',
  fill: 'next_open',
  notional: '10000',
  feeBps: '5',
  slippageBps: '1',
};

export type FieldErrors = Partial<Record<BacktestField, string>>;

export type FormResult = { readonly ok: true; readonly body: BacktestBody } | { readonly ok: false; readonly errors: FieldErrors };

const num = (s: string): number | null => {
  const t = s.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
};

/**
 * The request body of `form`, or an error per wrong field.
 * @example formToBody({ ...DEFAULT_BACKTEST_FORM, exit: '3' }) // { ok: false, errors: { exit: 'exit must be < entry (2)' } }
 */
export function formToBody(form: BacktestForm): FormResult {
  const errors: FieldErrors = {};
  if (form.y === form.x) errors.x = 'x must differ from y';
  const window = num(form.window);
  if (window === null || !Number.isInteger(window) || window < 2) errors.window = 'window: a whole number of bars, at least 2';
  const entry = num(form.entry);
  if (entry === null || entry <= 0) errors.entry = 'entry: a number > 0';
  const exit = num(form.exit);
  if (exit === null || exit < 0) errors.exit = 'exit: a number ≥ 0';
  else if (entry !== null && exit >= entry) errors.exit = `exit must be < entry (${entry})`;
  const stop = form.stop.trim() === '' ? null : num(form.stop);
  if (form.stop.trim() !== '' && (stop === null || (entry !== null && stop <= entry))) errors.stop = 'stop: empty, or a number > entry';
  const maxHold = form.maxHold.trim() === '' ? null : num(form.maxHold);
  if (form.maxHold.trim() !== '' && (maxHold === null || !Number.isInteger(maxHold) || maxHold < 1)) errors.maxHold = 'max hold: empty, or a whole number of bars ≥ 1';
  const notional = num(form.notional);
  if (notional === null || notional <= 0) errors.notional = 'notional: a number > 0';
  const feeBps = num(form.feeBps);
  if (feeBps === null || feeBps < 0) errors.feeBps = 'fee: bps ≥ 0';
  const slippageBps = num(form.slippageBps);
  if (slippageBps === null || slippageBps < 0) errors.slippageBps = 'slippage: bps ≥ 0';
  if (Object.keys(errors).length > 0 || window === null || entry === null || exit === null || notional === null || feeBps === null || slippageBps === null) return { ok: false, errors };
  // "None" is sent as an absent field, not null: the server's schema coercion turns a null
  // `stop` into 0 (then "stop must be > entry"), although the schema allows null.
  return {
    ok: true,
    body: {
      y: form.y,
      x: form.x,
      tf: form.tf,
      method: form.method,
      ...(form.prices === 'log' ? { prices: 'log' as const } : {}),
      window,
      entry,
      exit,
      ...(stop === null ? {} : { stop }),
      ...(maxHold === null ? {} : { maxHoldBars: maxHold }),
      fill: form.fill,
      notional,
      feeBps,
      slippageBps,
    },
  };
}

const SERVER_FIELDS: Readonly<Record<string, BacktestField>> = {
  y: 'y',
  x: 'x',
  tf: 'tf',
  method: 'method',
  prices: 'prices',
  window: 'window',
  entry: 'entry',
  exit: 'exit',
  stop: 'stop',
  maxHoldBars: 'maxHold',
  fill: 'fill',
  notional: 'notional',
  feeBps: 'feeBps',
  slippageBps: 'slippageBps',
};

/**
 * The form field a server error names (its messages start with the field: `exit must be < entry
 * (...)`, `y: no stored 1m bars of DOGEUSDT`, `body/window must be integer`), or null when it
 * names none of them; the message is then shown by the Run button.
 */
export function fieldOfServerError(message: string): BacktestField | null {
  const m = /^(?:body\/)?([A-Za-z]+)\b/.exec(message.trim());
  const name = m?.[1];
  return name === undefined ? null : (SERVER_FIELDS[name] ?? null);
}

/** The form of a run's request (as the server echoed it), so that a loaded run shows its parameters. */
export function formOfBody(body: BacktestBody, base: BacktestForm): BacktestForm {
  const s = (v: number | null | undefined, fallback: string): string => (v === undefined || v === null ? fallback : String(v));
  return {
    ...base,
    y: body.y,
    x: body.x,
    tf: body.tf,
    method: body.method ?? base.method,
    prices: body.prices ?? 'raw',
    window: s(body.window, base.window),
    entry: String(body.entry),
    exit: String(body.exit),
    stop: s(body.stop, ''),
    maxHold: s(body.maxHoldBars, ''),
    fill: body.fill ?? base.fill,
    notional: s(body.notional, base.notional),
    feeBps: s(body.feeBps, base.feeBps),
    slippageBps: s(body.slippageBps, base.slippageBps),
  };
}
