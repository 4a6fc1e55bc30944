import { describe, expect, it } from 'vitest';
import type { AlertRuleDto } from '../../../src/server/dto/alert-schemas';
import { alertRuleRow, alertRuleRows, describeRule } from './alert-rule-model';

const base = {
  id: 'r1', name: 'b rule', severity: 'warning', enabled: true, cooldownMs: 60_000, hysteresis: 0.5, evaluateOn: 'final', webhookUrl: null, createdAt: 0, updatedAt: 0, phase: 'armed',
  stats: { firings: 3, lastFiredAt: Date.UTC(2026, 10, 24, 13, 0, 0), deliveriesFailed: 0, lastDeliveryError: null, lastDeliveryErrorAt: null },
} as const;
const zscore = { ...base, type: 'zscore', params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 5, threshold: 0.5, direction: 'outside' } } as AlertRuleDto;

describe('describeRule', () => {
  it('says what each type watches', () => {
    expect(describeRule(zscore)).toBe('z-score of ETHUSDT/BTCUSDT 1s ols 5 outside \u00b10.5');
    expect(describeRule({ ...base, type: 'price', params: { symbol: 'BTCUSDT', level: 100000, direction: 'crossing', tf: '1s' } } as AlertRuleDto)).toBe('BTCUSDT 1s close crosses 100000');
    expect(describeRule({ ...base, type: 'data_quality', params: { symbol: 'BTCUSDT', condition: 'stall', thresholdMs: 5000 } } as AlertRuleDto)).toBe('BTCUSDT: no trade for over 5000 ms');
    expect(describeRule({ ...base, type: 'cointegration_health', params: { y: 'A', x: 'B', tf: '1m', method: 'ols', window: 20, states: ['weakening', 'broken'] } } as AlertRuleDto)).toBe('cointegration of A/B 1m ols 20 becomes weakening or broken');
    expect(describeRule({ ...base, type: 'screener_entry', params: { topN: 10, maxPvalue: 0.05, tf: '1m' } } as AlertRuleDto)).toBe("a pair enters the screener's top 10 at 1m with p < 0.05");
  });
});

describe('alertRuleRow', () => {
  it('shows firings, last firing and the last webhook failure', () => {
    const r = alertRuleRow({ ...zscore, webhookUrl: 'http://h', stats: { ...zscore.stats, deliveriesFailed: 2, lastDeliveryError: 'HTTP 503 after 3 attempts', lastDeliveryErrorAt: Date.UTC(2026, 10, 24, 13, 0, 9) } } as AlertRuleDto);
    expect(r.firings).toBe(3);
    expect(r.lastFired).toBe('2026-11-24 13:00:00');
    expect(r.deliveryError).toBe('HTTP 503 after 3 attempts (2 failed deliveries, last 13:00:09)');
    expect(r.phase).toBe('armed');
  });
  it('lists enabled rules first, then by name', () => {
    const rows = alertRuleRows([{ ...zscore, id: 'a', name: 'a', enabled: false } as AlertRuleDto, { ...zscore, id: 'c', name: 'c' } as AlertRuleDto, zscore]);
    expect(rows.map((r) => r.id)).toEqual(['r1', 'c', 'a']);
  });
});
