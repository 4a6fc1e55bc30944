/**
 * Validation of alert rules as a user writes them (API body, `App.addAlertRule`). Every failure
 * names the field (`params.window must be an integer from 2 to 10000 (got -5)`); whether a
 * symbol is known is the caller's to say (`isKnownSymbol`), since only the engine knows.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';
import {
  ALERT_RULE_TYPES,
  ALERT_SEVERITIES,
  type AlertCondition,
  type AlertRuleType,
  type AlertSeverity,
  type EvaluateOn,
  type HealthAlertState,
  type PairRef,
} from '../model/alert-rule.js';
import { parseSymbol } from '../model/market-symbol.js';
import { DEFAULT_PAIR_WINDOW, HEDGE_METHODS, MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, parsePairSpec, type HedgeMethod } from '../model/pair-spec.js';
import { parseTimeframe } from '../model/timeframe.js';

/** A rule as written by a user: everything but `type` and `params` has a default. */
export interface AlertRuleInput {
  readonly name?: string;
  readonly type: string;
  readonly severity?: string;
  readonly enabled?: boolean;
  readonly cooldownMs?: number;
  readonly hysteresis?: number;
  readonly evaluateOn?: string;
  readonly webhookUrl?: string | null;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A validated rule without its id and times. */
export interface ValidRule {
  readonly name: string;
  readonly severity: AlertSeverity;
  readonly enabled: boolean;
  readonly cooldownMs: number;
  readonly hysteresis: number;
  readonly evaluateOn: EvaluateOn;
  readonly webhookUrl: string | null;
  readonly condition: AlertCondition;
}

export interface ValidateOptions {
  /** Says whether a symbol is known (trading or stored); absent: every symbol is accepted. */
  readonly isKnownSymbol?: (symbol: string) => boolean;
}

/** Default cooldown: a minute. */
export const DEFAULT_COOLDOWN_MS = 60_000;
/** Default hysteresis margin per rule type, in the units of the value watched. */
export const DEFAULT_HYSTERESIS: Readonly<Record<AlertRuleType, number>> = {
  zscore: 0.5,
  price: 0,
  spread: 0,
  volume_spike: 0.5,
  correlation_break: 0.05,
  cointegration_health: 0,
  data_quality: 0,
  strategy_fill: 0,
};
const MAX_NAME = 200;
const PARAMS: Readonly<Record<AlertRuleType, readonly string[]>> = {
  zscore: ['y', 'x', 'tf', 'method', 'window', 'threshold', 'direction'],
  price: ['symbol', 'level', 'direction', 'tf'],
  spread: ['y', 'x', 'tf', 'method', 'window', 'level', 'direction'],
  volume_spike: ['symbol', 'tf', 'window', 'threshold'],
  correlation_break: ['y', 'x', 'tf', 'method', 'window', 'level'],
  cointegration_health: ['y', 'x', 'tf', 'method', 'window', 'states'],
  data_quality: ['symbol', 'condition', 'thresholdMs'],
  strategy_fill: ['strategyId'],
};

class Invalid extends Error {}
const fail = (message: string): never => {
  throw new Invalid(message);
};

function num(p: Readonly<Record<string, unknown>>, field: string, fallback?: number): number {
  const v = p[field];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    return fail(`params.${field} is required`);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`params.${field} must be a finite number (got ${JSON.stringify(v)})`);
  return v;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) return fail(`${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

function symbolField(p: Readonly<Record<string, unknown>>, field: string, opts: ValidateOptions): string {
  const v = p[field];
  if (typeof v !== 'string') return fail(`params.${field} is required (a symbol such as BTCUSDT)`);
  const s = parseSymbol(v);
  if (!s.ok) return fail(`params.${field}: ${s.error.message}`);
  if (opts.isKnownSymbol !== undefined && !opts.isKnownSymbol(s.value)) return fail(`params.${field}: unknown symbol '${s.value}' (not trading and nothing stored)`);
  return s.value;
}

function tfField(p: Readonly<Record<string, unknown>>, fallback?: string): string {
  const v = p['tf'] ?? fallback;
  if (typeof v !== 'string') return fail('params.tf is required (e.g. 1s, 1m)');
  const tf = parseTimeframe(v);
  if (!tf.ok) return fail(`params.tf: ${tf.error.message}`);
  return tf.value.label;
}

function windowField(p: Readonly<Record<string, unknown>>, fallback: number): number {
  const w = num(p, 'window', fallback);
  if (!Number.isInteger(w) || w < MIN_PAIR_WINDOW || w > MAX_PAIR_WINDOW) fail(`params.window must be an integer from ${MIN_PAIR_WINDOW} to ${MAX_PAIR_WINDOW} (got ${w})`);
  return w;
}

function pairRef(p: Readonly<Record<string, unknown>>, opts: ValidateOptions): PairRef {
  const y = symbolField(p, 'y', opts);
  const x = symbolField(p, 'x', opts);
  const tf = tfField(p);
  const method = oneOf<HedgeMethod>(p['method'], 'params.method', HEDGE_METHODS, 'ols');
  const window = windowField(p, DEFAULT_PAIR_WINDOW);
  const spec = parsePairSpec({ y, x, tf, method, window });
  if (!spec.ok) fail(`params: ${spec.error.message}`);
  return { y, x, tf, method, window };
}

function condition(type: AlertRuleType, p: Readonly<Record<string, unknown>>, opts: ValidateOptions): AlertCondition {
  for (const k of Object.keys(p)) if (!PARAMS[type].includes(k)) fail(`params has an unknown field '${k}' for a ${type} rule (fields: ${PARAMS[type].join(', ')})`);
  switch (type) {
    case 'zscore': {
      const pair = pairRef(p, opts);
      const threshold = num(p, 'threshold');
      const direction = oneOf(p['direction'], 'params.direction', ['above', 'below', 'outside'] as const, 'outside');
      if (direction === 'outside' && !(threshold > 0)) fail(`params.threshold must be > 0 for direction 'outside' (±threshold; got ${threshold})`);
      return { type, params: { ...pair, threshold, direction } };
    }
    case 'spread': {
      const pair = pairRef(p, opts);
      const level = num(p, 'level');
      const direction = oneOf(p['direction'], 'params.direction', ['above', 'below', 'outside'] as const, 'above');
      if (direction === 'outside' && !(level > 0)) fail(`params.level must be > 0 for direction 'outside' (±level; got ${level})`);
      return { type, params: { ...pair, level, direction } };
    }
    case 'price': {
      const symbol = symbolField(p, 'symbol', opts);
      const level = num(p, 'level');
      if (!(level > 0)) fail(`params.level must be a price > 0 (got ${level})`);
      const direction = oneOf(p['direction'], 'params.direction', ['above', 'below', 'crossing'] as const, 'crossing');
      return { type, params: { symbol, level, direction, tf: tfField(p, '1s') } };
    }
    case 'volume_spike': {
      const symbol = symbolField(p, 'symbol', opts);
      const tf = tfField(p);
      const window = windowField(p, DEFAULT_PAIR_WINDOW);
      const threshold = num(p, 'threshold');
      if (!(threshold > 0)) fail(`params.threshold must be a volume z-score > 0 (got ${threshold})`);
      return { type, params: { symbol, tf, window, threshold } };
    }
    case 'correlation_break': {
      const pair = pairRef(p, opts);
      const level = num(p, 'level');
      if (!(level > -1 && level < 1)) fail(`params.level must be a correlation in (-1, 1) (got ${level})`);
      return { type, params: { ...pair, level } };
    }
    case 'cointegration_health': {
      const pair = pairRef(p, opts);
      const raw = p['states'] ?? ['weakening', 'broken'];
      if (!Array.isArray(raw) || raw.length === 0) return fail('params.states must be a non-empty list of weakening, broken');
      const states = [...new Set(raw.map((s, i) => oneOf<HealthAlertState>(s, `params.states[${i}]`, ['weakening', 'broken'])))];
      return { type, params: { ...pair, states } };
    }
    case 'data_quality': {
      const symbol = symbolField(p, 'symbol', opts);
      const cond = oneOf(p['condition'], 'params.condition', ['stall', 'lag', 'gap'] as const);
      const thresholdMs = cond === 'gap' ? num(p, 'thresholdMs', 0) : num(p, 'thresholdMs');
      if (cond !== 'gap' && !(thresholdMs > 0)) fail(`params.thresholdMs must be > 0 ms (got ${thresholdMs})`);
      return { type, params: { symbol, condition: cond, thresholdMs } };
    }
    case 'strategy_fill': {
      const id = p['strategyId'] ?? null;
      if (id !== null && (typeof id !== 'string' || !/^[0-9A-Za-z-]{1,64}$/.test(id))) fail(`params.strategyId must be a strategy id (got ${JSON.stringify(id).slice(0, 80)})`);
      return { type, params: { strategyId: id as string | null } };
    }
  }
}

function subjectOf(c: AlertCondition): string {
  if (c.type === 'strategy_fill') return c.params.strategyId ?? 'any strategy';
  const p = c.params;
  return 'symbol' in p ? p.symbol : `${p.y}/${p.x}`;
}

/** Validates `input` and fills the defaults; the error names the first field at fault. */
export function validateAlertRule(input: AlertRuleInput, opts: ValidateOptions = {}): Result<ValidRule> {
  try {
    const type = oneOf<AlertRuleType>(input.type, 'type', ALERT_RULE_TYPES);
    if (typeof input.params !== 'object' || input.params === null || Array.isArray(input.params)) fail('params must be an object');
    const cond = condition(type, input.params, opts);
    const severity = oneOf<AlertSeverity>(input.severity, 'severity', ALERT_SEVERITIES, 'warning');
    // Every fill is news: a strategy_fill rule has no cooldown unless asked.
    const cooldownMs = input.cooldownMs ?? (type === 'strategy_fill' ? 0 : DEFAULT_COOLDOWN_MS);
    if (!Number.isInteger(cooldownMs) || cooldownMs < 0) fail(`cooldownMs must be an integer ≥ 0 (got ${cooldownMs})`);
    const hysteresis = input.hysteresis ?? DEFAULT_HYSTERESIS[type];
    if (!(hysteresis >= 0) || !Number.isFinite(hysteresis)) fail(`hysteresis must be a number ≥ 0 (got ${hysteresis})`);
    const evaluateOn = oneOf<EvaluateOn>(input.evaluateOn, 'evaluateOn', ['final', 'forming'], 'final');
    if (evaluateOn === 'forming' && type !== 'price') fail(`evaluateOn 'forming' is only for price rules (a ${type} rule runs on final bars)`);
    // An empty URL (a cleared form field; also what the HTTP layer's coercion makes of null) is none.
    const webhookUrl = input.webhookUrl === undefined || input.webhookUrl === null || input.webhookUrl.trim() === '' ? null : input.webhookUrl.trim();
    if (webhookUrl !== null) {
      let url: URL | null = null;
      try {
        url = new URL(webhookUrl);
      } catch {
        url = null;
      }
      if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) fail(`webhookUrl must be an http(s) URL (got ${JSON.stringify(webhookUrl).slice(0, 80)})`);
    }
    const name = (input.name ?? `${type} ${subjectOf(cond)}`).trim();
    if (name === '' || name.length > MAX_NAME) fail(`name must be 1-${MAX_NAME} characters`);
    return ok({ name, severity, enabled: input.enabled ?? true, cooldownMs, hysteresis, evaluateOn, webhookUrl, condition: cond });
  } catch (e) {
    if (e instanceof Invalid) return err({ code: 'invalid_rule', message: e.message });
    throw e;
  }
}
