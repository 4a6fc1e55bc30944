import { describe, expect, it } from 'vitest';
import type { AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import { alertFormOf, alertRuleBody, defaultAlertForm, serverErrorField, strategyChoices, withType, type AlertForm } from './alert-form-model';

const form = (patch: Partial<AlertForm> = {}): AlertForm => ({ ...defaultAlertForm(['BTCUSDT', 'ETHUSDT']), ...patch });

describe('alertRuleBody', () => {
  it('builds a z-score body with only the z-score params', () => {
    const r = alertRuleBody(form({ tf: '1s', window: '5', threshold: '0.5', cooldown: '0', hysteresis: '0.1', name: ' fast z ' }));
    expect(r).toEqual({
      ok: true,
      body: { type: 'zscore', name: 'fast z', severity: 'warning', enabled: true, webhookUrl: null, cooldownMs: 0, hysteresis: 0.1, params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 5, threshold: 0.5, direction: 'outside' } },
    });
  });

  it('names each bad field in the server\'s words', () => {
    const r = alertRuleBody(form({ window: '-5', threshold: '', y: 'eth usdt' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.window).toBe('window must be an integer from 2 to 10000 (got -5)');
    expect(r.errors.threshold).toBe('threshold is required');
    expect(r.errors.y).toMatch(/^y: /);
  });

  it('rejects an outside band of zero width and equal legs', () => {
    const r = alertRuleBody(form({ threshold: '0', x: 'ETHUSDT' }));
    expect(r.ok ? {} : r.errors).toMatchObject({ threshold: expect.stringContaining("direction 'outside'"), x: 'x must differ from y' });
  });

  it('builds every rule type from its own fields', () => {
    const price = alertRuleBody(withType(form({ symbol: 'BTCUSDT', level: '100000', evaluateOn: 'forming' }), 'price'));
    expect(price.ok && price.body).toMatchObject({ type: 'price', evaluateOn: 'forming', params: { symbol: 'BTCUSDT', level: 100000, direction: 'crossing', tf: '1m' } });
    const dq = alertRuleBody(withType(form({ condition: 'gap', thresholdMs: '' }), 'data_quality'));
    expect(dq.ok && dq.body.params).toEqual({ symbol: 'BTCUSDT', condition: 'gap' });
    const corr = alertRuleBody(withType(form({ level: '1.5' }), 'correlation_break'));
    expect(corr.ok ? null : corr.errors.level).toBe('level must be a correlation in (-1, 1) (got 1.5)');
    const health = alertRuleBody(withType(form({ states: ['broken'] }), 'cointegration_health'));
    expect(health.ok && health.body.params).toMatchObject({ states: ['broken'] });
    const vol = alertRuleBody(withType(form({ threshold: '3' }), 'volume_spike'));
    expect(vol.ok && vol.body.params).toEqual({ symbol: 'BTCUSDT', tf: '1m', window: 20, threshold: 3 });
    const spread = alertRuleBody(withType(form({ level: '-2' }), 'spread'));
    expect(spread.ok && spread.body.params).toMatchObject({ level: -2, direction: 'above' });
  });

  it('builds a screener_entry body from top N, the p-value level and an optional timeframe', () => {
    const r = alertRuleBody(withType(form({ tf: '' }), 'screener_entry'));
    expect(r.ok && r.body).toMatchObject({ type: 'screener_entry', params: { topN: 10, maxPvalue: 0.05 } });
    expect(r.ok && 'tf' in r.body.params).toBe(false);
    const fiveMin = alertRuleBody(withType(form({ tf: '5m', topN: '3', maxPvalue: '0.01' }), 'screener_entry'));
    expect(fiveMin.ok && fiveMin.body.params).toEqual({ topN: 3, maxPvalue: 0.01, tf: '5m' });
    const bad = alertRuleBody(withType(form({ topN: '0', maxPvalue: '1.5', tf: '7x' }), 'screener_entry'));
    expect(bad.ok ? {} : bad.errors).toEqual({
      topN: 'topN must be an integer from 1 to 1000 (got 0)',
      maxPvalue: 'maxPvalue must be a p-value in (0, 1] (got 1.5)',
      tf: expect.stringMatching(/^tf: /),
    });
    expect(serverErrorField('body/params.maxPvalue must be a p-value in (0, 1] (got 0)')).toBe('maxPvalue');
  });

  it('shows a stored screener_entry rule for editing', () => {
    const rule = { id: 'r', name: 'entries', type: 'screener_entry', severity: 'info', enabled: true, cooldownMs: 60_000, hysteresis: 0, evaluateOn: 'final', webhookUrl: null, params: { topN: 5, maxPvalue: 0.02, tf: '1m' } } as unknown as AlertRuleDto;
    expect(alertFormOf(rule)).toMatchObject({ type: 'screener_entry', topN: '5', maxPvalue: '0.02', tf: '1m' });
  });

  it('leaves out what the server defaults, and checks the webhook URL', () => {
    const r = alertRuleBody(form({ webhookUrl: 'ftp://x' }));
    expect(r.ok ? null : r.errors.webhookUrl).toBe('webhookUrl must be an http(s) URL');
    const ok = alertRuleBody(form());
    expect(ok.ok && 'cooldownMs' in ok.body).toBe(false);
    expect(ok.ok && 'name' in ok.body).toBe(false);
  });
});

describe('alertFormOf', () => {
  it('sends log prices only when asked, and keeps them through an edit', () => {
    const r = alertRuleBody(form({ type: 'spread', level: '0.01', prices: 'log' }));
    expect(r.ok && r.body.params).toMatchObject({ prices: 'log' });
    const raw = alertRuleBody(form({ type: 'spread', level: '0.01' }));
    expect(raw.ok && 'prices' in raw.body.params).toBe(false);
    const bad = alertRuleBody(form({ prices: 'ln' }));
    expect(!bad.ok && bad.errors.prices).toBe('prices must be one of raw, log');
    const rule = {
      id: 'r2', name: 'z', type: 'zscore', severity: 'info', enabled: true, cooldownMs: 60_000, hysteresis: 0.5, evaluateOn: 'final', webhookUrl: null, createdAt: 0, updatedAt: 0, phase: 'inactive',
      stats: { firings: 0, lastFiredAt: null, deliveriesFailed: 0, lastDeliveryError: null, lastDeliveryErrorAt: null },
      params: { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1m', method: 'ols', window: 30, threshold: 2, direction: 'above', prices: 'log' },
    } as AlertRuleDto;
    expect(alertFormOf(rule).prices).toBe('log');
  });

  it('round-trips a rule through the form', () => {
    const rule = {
      id: 'r1', name: 'z', type: 'zscore', severity: 'critical', enabled: false, cooldownMs: 30_000, hysteresis: 0.2, evaluateOn: 'final', webhookUrl: 'http://hook', createdAt: 0, updatedAt: 0, phase: 'inactive',
      stats: { firings: 0, lastFiredAt: null, deliveriesFailed: 0, lastDeliveryError: null, lastDeliveryErrorAt: null },
      params: { y: 'SOLUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 30, threshold: 2, direction: 'above' },
    } as AlertRuleDto;
    const r = alertRuleBody(alertFormOf(rule));
    expect(r.ok && r.body).toEqual({ type: 'zscore', name: 'z', severity: 'critical', enabled: false, cooldownMs: 30_000, hysteresis: 0.2, webhookUrl: 'http://hook', params: rule.params });
  });
});

describe('serverErrorField', () => {
  it('finds the field a 400 names', () => {
    expect(serverErrorField("body/params.y: unknown symbol 'NOPEUSDT' (not trading and nothing stored)")).toBe('y');
    expect(serverErrorField('body/params.window must be an integer from 2 to 10000 (got -5)')).toBe('window');
    expect(serverErrorField('body/params.states[1] must be one of weakening, broken')).toBe('states');
    expect(serverErrorField('body/cooldownMs must be <= 604800000')).toBe('cooldown');
    expect(serverErrorField("body has an unknown field 'colour'")).toBeNull();
  });
});

describe('strategy_fill rules', () => {
  it('fire on one strategy, or on every strategy when none is chosen', () => {
    const one = alertRuleBody(withType(form({ strategyId: ' 3f2a-19 ' }), 'strategy_fill'));
    expect(one.ok && one.body).toMatchObject({ type: 'strategy_fill', params: { strategyId: '3f2a-19' } });
    const any = alertRuleBody(withType(form(), 'strategy_fill'));
    expect(any.ok && any.body.params).toEqual({ strategyId: null });
  });

  it('refuse an id the server would refuse, naming the field', () => {
    const r = alertRuleBody(withType(form({ strategyId: 'a b' }), 'strategy_fill'));
    expect(r.ok ? null : r.errors.strategyId).toBe("strategyId must be a strategy id (got 'a b')");
    expect(serverErrorField('body/params.strategyId must be a strategy id')).toBe('strategyId');
  });

  it('edit with the rule\'s strategy chosen', () => {
    const rule = { type: 'strategy_fill', name: 'fills', severity: 'info', enabled: true, params: { strategyId: 's-1' }, cooldownMs: 0, hysteresis: 0, evaluateOn: 'final', webhookUrl: null } as unknown as AlertRuleDto;
    expect(alertFormOf(rule)).toMatchObject({ type: 'strategy_fill', strategyId: 's-1' });
  });

  it('offer every strategy by pair and rule, and keep an id no strategy has', () => {
    const s = { id: 's-1', state: 'running', request: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 10 } };
    expect(strategyChoices([s], '')).toEqual([{ id: 's-1', label: 'ETHUSDT/BTCUSDT ols 10 1s · running · s-1' }]);
    expect(strategyChoices([s], 'gone-2').map((c) => c.id)).toEqual(['s-1', 'gone-2']);
  });
});
