import { describe, expect, it } from 'vitest';
import type { AlertEventDto } from '../../../src/server/dto/alert-schemas';
import { alertEventRow, chartLinkOf, formatAlertValue, toastLifetimeMs } from './alert-event-model';

const event: AlertEventDto = {
  id: 7, ruleId: 'r1', ruleName: 'fast z', ruleType: 'zscore', kind: 'above', severity: 'critical', subject: 'ETHUSDT/BTCUSDT 1s ols 5',
  value: 0.73456, threshold: 0.5, ts: Date.UTC(2026, 10, 24, 13, 5, 7, 250), barStart: Date.UTC(2026, 10, 24, 13, 5, 6), message: 'z-score of ETHUSDT/BTCUSDT 1s ols 5 went above 0.5 (0.7346)',
  delivery: 'failed', deliveryError: 'HTTP 503 after 3 attempts',
};

describe('chartLinkOf', () => {
  it('links a pair subject to the Pair Analytics address', () => {
    expect(chartLinkOf('ETHUSDT/BTCUSDT 1s ols 5')).toEqual({ kind: 'pair', href: '#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=5', label: 'ETHUSDT/BTCUSDT 1s' });
    expect(chartLinkOf('ETHUSDT/BTCUSDT 1s ols 5 log')).toMatchObject({ href: '#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=5&prices=log' });
  });
  it('links a screener entry (pair and timeframe only) to Pair Analytics, leaving method and window to the tab', () => {
    expect(chartLinkOf('SOLUSDT/ETHUSDT 1m')).toEqual({ kind: 'pair', href: '#/pair?y=SOLUSDT&x=ETHUSDT&tf=1m', label: 'SOLUSDT/ETHUSDT 1m' });
  });
  it('links a symbol subject to the Overview, with its timeframe when it has one', () => {
    expect(chartLinkOf('BTCUSDT 1m')).toEqual({ kind: 'overview', symbol: 'BTCUSDT', tf: '1m', label: 'BTCUSDT 1m' });
    expect(chartLinkOf('BTCUSDT')).toEqual({ kind: 'overview', symbol: 'BTCUSDT', tf: null, label: 'BTCUSDT' });
  });
  it('is null for a subject of neither shape', () => {
    expect(chartLinkOf('A/B 1s nomethod 5')).toBeNull();
    expect(chartLinkOf('')).toBeNull();
  });
});

describe('alertEventRow', () => {
  it('shows UTC times, the value against the threshold and a failed webhook', () => {
    const r = alertEventRow(event);
    expect(r.time).toBe('2026-11-24 13:05:07');
    expect(r.clock).toBe('13:05:07');
    expect(r.bar).toBe('13:05:06');
    expect(r.valueText).toBe('0.7346 / 0.5');
    expect(r.deliveryText).toBe('webhook failed: HTTP 503 after 3 attempts');
    expect(r.link?.kind).toBe('pair');
  });
  it('writes an undefined value as a dash and has no delivery text when delivered', () => {
    const r = alertEventRow({ ...event, value: null, threshold: null, delivery: 'delivered', deliveryError: null });
    expect(r.valueText).toBe('\u2014');
    expect(r.deliveryText).toBeNull();
  });
});

describe('formatAlertValue and toastLifetimeMs', () => {
  it('formats as the server messages do', () => {
    expect(formatAlertValue(2)).toBe('2');
    expect(formatAlertValue(97123.456)).toBe('97123.46');
    expect(formatAlertValue(Number.NaN)).toBe('\u2014');
  });
  it('keeps critical toasts longest', () => {
    expect(toastLifetimeMs('critical')).toBeGreaterThan(toastLifetimeMs('warning'));
    expect(toastLifetimeMs('warning')).toBeGreaterThan(toastLifetimeMs('info'));
  });
});

describe('strategy_fill events', () => {
  it('link to the strategy that filled, named by the subject or, for a rule on any strategy, by the message', () => {
    const fill = { ...event, ruleType: 'strategy_fill' as const, kind: 'entry', subject: 'strategy 3f2a-19', message: 'paper strategy 3f2a-19: entered long ETHUSDT/BTCUSDT at ...' };
    expect(alertEventRow(fill).link).toEqual({ kind: 'strategy', strategyId: '3f2a-19', label: 'strategy 3f2a-19' });
    expect(alertEventRow({ ...fill, subject: 'any strategy' }).link).toEqual({ kind: 'strategy', strategyId: '3f2a-19', label: 'strategy 3f2a-19' });
    expect(alertEventRow({ ...fill, subject: 'any strategy', message: 'something else' }).link).toBeNull();
  });
});
