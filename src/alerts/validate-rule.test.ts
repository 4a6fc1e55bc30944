import { describe, expect, it } from 'vitest';
import { validateAlertRule, type AlertRuleInput } from './validate-rule.js';

const message = (input: AlertRuleInput, known?: readonly string[]): string => {
  const r = validateAlertRule(input, known === undefined ? {} : { isKnownSymbol: (s) => known.includes(s) });
  if (r.ok) throw new Error('expected a failure');
  return r.error.message;
};

describe('validateAlertRule', () => {
  const zscore = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 20, threshold: 2 };

  it('fills the defaults of a z-score rule', () => {
    const r = validateAlertRule({ type: 'zscore', params: zscore });
    expect(r.ok && r.value).toMatchObject({
      name: 'zscore ETHUSDT/BTCUSDT',
      severity: 'warning',
      enabled: true,
      cooldownMs: 60_000,
      hysteresis: 0.5,
      evaluateOn: 'final',
      webhookUrl: null,
      condition: { type: 'zscore', params: { ...zscore, method: 'ols', direction: 'outside' } },
    });
  });

  it('keeps a pair rule\'s price scale when given, and leaves raw-price rules as they were', () => {
    const r = validateAlertRule({ type: 'spread', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 20, level: 0.01, prices: 'log' } });
    expect(r.ok && r.value.condition.params).toMatchObject({ prices: 'log' });
    const plain = validateAlertRule({ type: 'zscore', params: zscore });
    expect(plain.ok && 'prices' in plain.value.condition.params).toBe(false);
    expect(message({ type: 'zscore', params: { ...zscore, prices: 'ln' } })).toBe('params.prices must be one of raw, log (got "ln")');
  });

  it('names the field at fault', () => {
    expect(message({ type: 'zscore', params: { ...zscore, threshold: undefined } })).toBe('params.threshold is required');
    expect(message({ type: 'volume_spike', params: { symbol: 'BTCUSDT', tf: '1m', window: -5, threshold: 3 } })).toContain('params.window must be an integer');
    expect(message({ type: 'price', params: { symbol: 'DOGEUSDT', level: 1 } }, ['BTCUSDT'])).toBe("params.symbol: unknown symbol 'DOGEUSDT' (not trading and nothing stored)");
    expect(message({ type: 'zscore', params: { ...zscore, tf: '7x' } })).toContain('params.tf');
    expect(message({ type: 'bogus', params: {} })).toContain('type must be one of');
    expect(message({ type: 'spread', params: { ...zscore, level: 1, threshold: 2 } })).toContain("params has an unknown field 'threshold'");
    expect(message({ type: 'zscore', params: zscore, severity: 'loud' })).toContain('severity must be one of info, warning, critical');
    expect(message({ type: 'zscore', params: zscore, cooldownMs: -1 })).toContain('cooldownMs');
    expect(message({ type: 'zscore', params: zscore, webhookUrl: 'ftp://x' })).toContain('webhookUrl');
    expect(message({ type: 'zscore', params: zscore, evaluateOn: 'forming' })).toContain('only for price rules');
    expect(message({ type: 'data_quality', params: { symbol: 'BTCUSDT', condition: 'lag' } })).toBe('params.thresholdMs is required');
  });

  it('accepts every rule type', () => {
    const inputs: AlertRuleInput[] = [
      { type: 'price', params: { symbol: 'btcusdt', level: 100_000, direction: 'crossing' }, evaluateOn: 'forming' },
      { type: 'spread', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', level: 5 } },
      { type: 'volume_spike', params: { symbol: 'BTCUSDT', tf: '1m', window: 30, threshold: 3 } },
      { type: 'correlation_break', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', level: 0.5 } },
      { type: 'cointegration_health', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '5m', states: ['broken'] } },
      { type: 'data_quality', params: { symbol: 'BTCUSDT', condition: 'gap' } },
    ];
    for (const input of inputs) expect(validateAlertRule(input).ok).toBe(true);
  });
});
