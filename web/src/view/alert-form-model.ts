/**
 * The Alerts tab's rule form: what is typed (strings, so a half-typed number stays as typed),
 * the fields each rule type has, the checks the server would make that need no server (so
 * errors show as the user types, under the field), and the `POST /api/alerts/rules` body.
 *
 * Whether a symbol is known only the server can say; its 400 names the field
 * (`body/params.y: unknown symbol 'NOPEUSDT' ...`) and `serverErrorField` finds which one, so
 * the message shows next to that field too.
 * @module
 */

import type { AlertRuleCreateBody, AlertRuleDto, AlertRuleTypeDto, AlertSeverityDto } from '../../../src/server/dto/alert-schemas';
import { ALERT_RULE_TYPES } from '../../../src/model/alert-rule';
import { parseSymbol } from '../../../src/model/market-symbol';
import { DEFAULT_PAIR_WINDOW, HEDGE_METHODS, MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, PRICE_SCALES } from '../../../src/model/pair-spec';
import { parseTimeframe } from '../../../src/model/timeframe';

export { ALERT_RULE_TYPES, HEDGE_METHODS };

export type AlertFormField =
  | 'type' | 'name' | 'severity' | 'y' | 'x' | 'symbol' | 'tf' | 'method' | 'prices' | 'window' | 'threshold' | 'level' | 'direction' | 'states' | 'condition' | 'thresholdMs' | 'topN' | 'maxPvalue' | 'strategyId' | 'cooldown' | 'hysteresis' | 'evaluateOn' | 'webhookUrl';

export interface AlertForm {
  readonly type: AlertRuleTypeDto;
  readonly name: string;
  readonly severity: AlertSeverityDto;
  readonly enabled: boolean;
  readonly y: string;
  readonly x: string;
  readonly symbol: string;
  readonly tf: string;
  readonly method: string;
  /** Pair rules: `raw` or `log` prices for the hedge and the spread. */
  readonly prices: string;
  readonly window: string;
  readonly threshold: string;
  readonly level: string;
  readonly direction: string;
  readonly states: readonly ('weakening' | 'broken')[];
  readonly condition: 'stall' | 'lag' | 'gap';
  readonly thresholdMs: string;
  /** `screener_entry`: the ranks watched, and the p-value a pair must be below. */
  readonly topN: string;
  readonly maxPvalue: string;
  /** `strategy_fill`: the paper strategy whose fills fire; empty for every strategy's. */
  readonly strategyId: string;
  /** Seconds, as typed; empty is the server's default (60 s). */
  readonly cooldown: string;
  /** Empty is the server's default per type. */
  readonly hysteresis: string;
  readonly evaluateOn: 'final' | 'forming';
  readonly webhookUrl: string;
}

export const RULE_TYPE_LABELS: Readonly<Record<AlertRuleTypeDto, string>> = {
  zscore: 'Z-score',
  price: 'Price',
  spread: 'Spread',
  volume_spike: 'Volume spike',
  correlation_break: 'Correlation break',
  cointegration_health: 'Cointegration health',
  data_quality: 'Data quality',
  strategy_fill: 'Strategy fill',
  screener_entry: 'Screener entry',
};

/** The params fields of each type, in the order the form shows them. */
export const PARAM_FIELDS: Readonly<Record<AlertRuleTypeDto, readonly AlertFormField[]>> = {
  zscore: ['y', 'x', 'tf', 'method', 'prices', 'window', 'threshold', 'direction'],
  spread: ['y', 'x', 'tf', 'method', 'prices', 'window', 'level', 'direction'],
  price: ['symbol', 'level', 'direction', 'tf'],
  volume_spike: ['symbol', 'tf', 'window', 'threshold'],
  correlation_break: ['y', 'x', 'tf', 'method', 'prices', 'window', 'level'],
  cointegration_health: ['y', 'x', 'tf', 'method', 'prices', 'window', 'states'],
  data_quality: ['symbol', 'condition', 'thresholdMs'],
  strategy_fill: ['strategyId'],
  screener_entry: ['topN', 'maxPvalue', 'tf'],
};

/** Most ranks a `screener_entry` rule watches (the screener's largest `limit`). */
export const MAX_SCREENER_TOP_N = 1000;

/** The directions a type offers, the default first. */
export function directionsOf(type: AlertRuleTypeDto): readonly string[] {
  if (type === 'zscore') return ['outside', 'above', 'below'];
  if (type === 'spread') return ['above', 'below', 'outside'];
  if (type === 'price') return ['crossing', 'above', 'below'];
  return [];
}

const PAIR_TYPES: readonly AlertRuleTypeDto[] = ['zscore', 'spread', 'correlation_break', 'cointegration_health'];
export const isPairType = (type: AlertRuleTypeDto): boolean => PAIR_TYPES.includes(type);

/** A fresh form: a z-score rule on the first two symbols on screen. */
export function defaultAlertForm(symbols: readonly string[] = []): AlertForm {
  const y = symbols.includes('ETHUSDT') ? 'ETHUSDT' : (symbols[0] ?? 'ETHUSDT');
  const x = symbols.find((s) => s !== y && s === 'BTCUSDT') ?? symbols.find((s) => s !== y) ?? 'BTCUSDT';
  return {
    type: 'zscore', name: '', severity: 'warning', enabled: true, y, x, symbol: symbols[0] ?? 'BTCUSDT', tf: '1m', method: 'ols', prices: 'raw', window: String(DEFAULT_PAIR_WINDOW),
    threshold: '2', level: '', direction: 'outside', states: ['weakening', 'broken'], condition: 'stall', thresholdMs: '5000', topN: '10', maxPvalue: '0.05', strategyId: '', cooldown: '', hysteresis: '', evaluateOn: 'final', webhookUrl: '',
  };
}

/**
 * The form after choosing another type: symbols, timeframe and window carry over; the
 * direction and hysteresis go back to the new type's defaults, since their meaning changes
 * with the type (a z-score's `outside` is not a spread's).
 */
export function withType(form: AlertForm, type: AlertRuleTypeDto): AlertForm {
  if (type === form.type) return form;
  return { ...form, type, direction: directionsOf(type)[0] ?? '', evaluateOn: type === 'price' ? form.evaluateOn : 'final', hysteresis: '' };
}

const str = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));

/** The form showing a rule, to edit it. */
export function alertFormOf(rule: AlertRuleDto): AlertForm {
  const p = rule.params as Readonly<Record<string, unknown>>;
  const base = defaultAlertForm();
  return {
    ...base,
    type: rule.type,
    name: rule.name,
    severity: rule.severity,
    enabled: rule.enabled,
    y: str(p['y'], base.y),
    x: str(p['x'], base.x),
    symbol: str(p['symbol'], base.symbol),
    tf: str(p['tf'], base.tf),
    method: str(p['method'], base.method),
    prices: str(p['prices'], 'raw'),
    window: str(p['window'], base.window),
    threshold: str(p['threshold']),
    level: str(p['level']),
    direction: str(p['direction'], directionsOf(rule.type)[0] ?? ''),
    states: Array.isArray(p['states']) ? (p['states'] as ('weakening' | 'broken')[]) : base.states,
    condition: (p['condition'] as AlertForm['condition'] | undefined) ?? base.condition,
    thresholdMs: str(p['thresholdMs'], base.thresholdMs),
    topN: str(p['topN'], base.topN),
    maxPvalue: str(p['maxPvalue'], base.maxPvalue),
    strategyId: str(p['strategyId']),
    cooldown: String(rule.cooldownMs / 1000),
    hysteresis: String(rule.hysteresis),
    evaluateOn: rule.evaluateOn,
    webhookUrl: rule.webhookUrl ?? '',
  };
}

export type AlertFormErrors = Partial<Record<AlertFormField, string>>;

export type AlertFormResult = { readonly ok: true; readonly body: AlertRuleCreateBody } | { readonly ok: false; readonly errors: AlertFormErrors };

/** A number as typed: `''` → null, `'1e3'`, `' 2.5 '` accepted, `'2,5'` NaN. */
function parseNumber(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number(t);
}

/**
 * Checks the form as the server would (but for whether symbols are known) and builds the body;
 * each error is keyed by its field and says what is wrong, in the server's words.
 *
 * @example
 * alertRuleBody({ ...defaultAlertForm(), window: '-5' })
 * // → { ok: false, errors: { window: 'window must be an integer from 2 to 10000 (got -5)' } }
 */
export function alertRuleBody(form: AlertForm): AlertFormResult {
  const errors: AlertFormErrors = {};
  const params: Record<string, unknown> = {};
  const fields = PARAM_FIELDS[form.type];
  const symbol = (field: 'y' | 'x' | 'symbol') => {
    const raw = form[field].trim();
    if (raw === '') return void (errors[field] = `${field} is required (a symbol such as BTCUSDT)`);
    const s = parseSymbol(raw);
    if (!s.ok) errors[field] = `${field}: ${s.error.message}`;
    else params[field] = s.value;
  };
  const number = (field: 'threshold' | 'level' | 'thresholdMs', check?: (v: number) => string | null) => {
    const v = parseNumber(form[field]);
    if (v === null) return void (errors[field] = `${field} is required`);
    if (!Number.isFinite(v)) return void (errors[field] = `${field} must be a number (got '${form[field].trim()}')`);
    const problem = check?.(v) ?? null;
    if (problem !== null) errors[field] = problem;
    else params[field] = v;
  };
  for (const field of fields) {
    switch (field) {
      case 'y':
      case 'x':
      case 'symbol':
        symbol(field);
        break;
      case 'tf': {
        // A screener rule without one watches the live screener's timeframe (the server's default, 1m).
        if (form.type === 'screener_entry' && form.tf.trim() === '') break;
        const tf = parseTimeframe(form.tf.trim());
        if (!tf.ok) errors.tf = `tf: ${tf.error.message}`;
        else params['tf'] = tf.value.label;
        break;
      }
      case 'method':
        if (!(HEDGE_METHODS as readonly string[]).includes(form.method)) errors.method = `method must be one of ${HEDGE_METHODS.join(', ')}`;
        else params['method'] = form.method;
        break;
      case 'prices':
        // Raw prices are the server's default; a rule says `log` only when it means it.
        if (!(PRICE_SCALES as readonly string[]).includes(form.prices)) errors.prices = `prices must be one of ${PRICE_SCALES.join(', ')}`;
        else if (form.prices === 'log') params['prices'] = 'log';
        break;
      case 'window': {
        const w = parseNumber(form.window);
        if (w === null || !Number.isInteger(w) || w < MIN_PAIR_WINDOW || w > MAX_PAIR_WINDOW) errors.window = `window must be an integer from ${MIN_PAIR_WINDOW} to ${MAX_PAIR_WINDOW} (got ${form.window.trim() === '' ? 'nothing' : form.window.trim()})`;
        else params['window'] = w;
        break;
      }
      case 'threshold':
        number('threshold', (v) => {
          if (form.type === 'volume_spike' && !(v > 0)) return `threshold must be a volume z-score > 0 (got ${v})`;
          if (form.type === 'zscore' && form.direction === 'outside' && !(v > 0)) return `threshold must be > 0 for direction 'outside' (±threshold; got ${v})`;
          return null;
        });
        break;
      case 'level':
        number('level', (v) => {
          if (form.type === 'price' && !(v > 0)) return `level must be a price > 0 (got ${v})`;
          if (form.type === 'correlation_break' && !(v > -1 && v < 1)) return `level must be a correlation in (-1, 1) (got ${v})`;
          if (form.type === 'spread' && form.direction === 'outside' && !(v > 0)) return `level must be > 0 for direction 'outside' (±level; got ${v})`;
          return null;
        });
        break;
      case 'direction':
        if (!directionsOf(form.type).includes(form.direction)) errors.direction = `direction must be one of ${directionsOf(form.type).join(', ')}`;
        else params['direction'] = form.direction;
        break;
      case 'states':
        if (form.states.length === 0) errors.states = 'states: choose weakening, broken or both';
        else params['states'] = [...form.states];
        break;
      case 'condition':
        params['condition'] = form.condition;
        break;
      case 'topN': {
        const n = parseNumber(form.topN);
        if (n === null || !Number.isInteger(n) || n < 1 || n > MAX_SCREENER_TOP_N) errors.topN = `topN must be an integer from 1 to ${MAX_SCREENER_TOP_N} (got ${form.topN.trim() === '' ? 'nothing' : form.topN.trim()})`;
        else params['topN'] = n;
        break;
      }
      case 'maxPvalue': {
        const p = parseNumber(form.maxPvalue);
        if (p === null || !(p > 0 && p <= 1)) errors.maxPvalue = `maxPvalue must be a p-value in (0, 1] (got ${form.maxPvalue.trim() === '' ? 'nothing' : form.maxPvalue.trim()})`;
        else params['maxPvalue'] = p;
        break;
      }
      case 'thresholdMs':
        if (form.condition === 'gap' && form.thresholdMs.trim() === '') break;
        number('thresholdMs', (v) => (form.condition !== 'gap' && !(v > 0) ? `thresholdMs must be > 0 ms (got ${v})` : null));
        break;
      case 'strategyId': {
        const id = form.strategyId.trim();
        // The server's check (src/alerts/validate-rule.ts): ids are letters, digits and dashes.
        if (id !== '' && !/^[0-9A-Za-z-]{1,64}$/.test(id)) errors.strategyId = `strategyId must be a strategy id (got '${id.slice(0, 80)}')`;
        else params['strategyId'] = id === '' ? null : id;
        break;
      }
      default:
        break;
    }
  }
  if ('y' in params && params['y'] === params['x']) errors.x = 'x must differ from y';

  const name = form.name.trim();
  if (name.length > 200) errors.name = 'name must be 1-200 characters';
  const cooldown = parseNumber(form.cooldown);
  let cooldownMs: number | undefined;
  if (cooldown !== null) {
    if (!Number.isFinite(cooldown) || cooldown < 0 || cooldown > 7 * 86_400) errors.cooldown = `cooldown must be from 0 to 604800 seconds (got '${form.cooldown.trim()}')`;
    else cooldownMs = Math.round(cooldown * 1000);
  }
  const hysteresis = parseNumber(form.hysteresis);
  if (hysteresis !== null && !(Number.isFinite(hysteresis) && hysteresis >= 0)) errors.hysteresis = `hysteresis must be a number ≥ 0 (got '${form.hysteresis.trim()}')`;
  const webhookUrl = form.webhookUrl.trim();
  if (webhookUrl !== '' && !/^https?:\/\/[^\s/]+/i.test(webhookUrl)) errors.webhookUrl = 'webhookUrl must be an http(s) URL';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const body: AlertRuleCreateBody = {
    type: form.type,
    params,
    severity: form.severity,
    enabled: form.enabled,
    webhookUrl: webhookUrl === '' ? null : webhookUrl,
    ...(name === '' ? {} : { name }),
    ...(cooldownMs === undefined ? {} : { cooldownMs }),
    ...(hysteresis === null ? {} : { hysteresis }),
    ...(form.type === 'price' ? { evaluateOn: form.evaluateOn } : {}),
  };
  return { ok: true, body };
}

const FIELD_NAMES: ReadonlySet<string> = new Set<AlertFormField>(['type', 'name', 'severity', 'y', 'x', 'symbol', 'tf', 'method', 'prices', 'window', 'threshold', 'level', 'direction', 'states', 'condition', 'thresholdMs', 'topN', 'maxPvalue', 'strategyId', 'hysteresis', 'evaluateOn', 'webhookUrl']);

/**
 * The form field a server 400 names, or null: `body/params.y: unknown symbol` → `y`,
 * `body/params.window must be ...` → `window`, `body/cooldownMs ...` → `cooldown`,
 * `body/params.states[1] ...` → `states`.
 */
export function serverErrorField(message: string): AlertFormField | null {
  const m = /^(?:body\/?)?(?:params\.)?([A-Za-z]+)/.exec(message.trim());
  const name = m?.[1];
  if (name === undefined) return null;
  if (name === 'cooldownMs') return 'cooldown';
  return FIELD_NAMES.has(name) ? (name as AlertFormField) : null;
}

/** The rule types in the form's order. */
export const RULE_TYPES: readonly AlertRuleTypeDto[] = ALERT_RULE_TYPES;

/** One choice of the strategy picker: a strategy's id and how the list shows it. */
export interface StrategyChoice {
  readonly id: string;
  readonly label: string;
}

/**
 * The strategy picker's choices: every strategy (`ETHUSDT/BTCUSDT ols 10 1s · running · <id>`),
 * and the form's own id when no strategy has it (a rule edited before the list is read, or of a
 * strategy gone), so the picker never shows another id than the rule's.
 */
export function strategyChoices(strategies: readonly { readonly id: string; readonly state: string; readonly request: { readonly y: string; readonly x: string; readonly tf: string; readonly method: string; readonly window: number } }[], current: string): StrategyChoice[] {
  const out = strategies.map((s) => ({ id: s.id, label: `${s.request.y}/${s.request.x} ${s.request.method} ${s.request.window} ${s.request.tf} · ${s.state} · ${s.id}` }));
  const id = current.trim();
  if (id !== '' && !out.some((c) => c.id === id)) out.push({ id, label: id });
  return out;
}
