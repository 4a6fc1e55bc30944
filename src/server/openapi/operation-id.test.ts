import { describe, expect, it } from 'vitest';
import { derivedOperationId } from './operation-id.js';

describe('derivedOperationId', () => {
  it('is the method and the path after /api in camelCase, a parameter as By<Name>', () => {
    expect(derivedOperationId('GET', '/api/export/ticks.parquet')).toBe('getExportTicksParquet');
    expect(derivedOperationId('DELETE', '/api/backtest/sweep/:id')).toBe('deleteBacktestSweepById');
    expect(derivedOperationId('get', '/metrics')).toBe('getMetrics');
  });
});
