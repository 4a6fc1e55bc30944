import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mackinnonCrit, mackinnonP } from './mackinnon.js';
import { MACKINNON_SOURCE, MACKINNON_TABLES } from './mackinnon-tables.js';

const SHARED = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/mackinnon_tables.json');

describe('MACKINNON_TABLES', () => {
  // Outside CI a checkout may lack ../shared; CI always has it beside the repo, so there the test must run.
  it.skipIf(!existsSync(SHARED) && process.env['CI'] !== 'true')('equals the contract file ../shared/mackinnon_tables.json', () => {
    const shared = JSON.parse(readFileSync(SHARED, 'utf8')) as { source: string; tables: unknown };
    expect(MACKINNON_TABLES).toEqual(shared.tables);
    expect(MACKINNON_SOURCE).toBe(shared.source);
  });
});

describe('mackinnonP', () => {
  // Values from statsmodels 0.13.5 tsa.adfvalues.mackinnonp.
  it('matches statsmodels at sample statistics', () => {
    expect(mackinnonP(-2.5, 'c', 1)).toBeCloseTo(0.11547432475870761, 14);
    expect(mackinnonP(-4, 'c', 2)).toBeCloseTo(0.00718130705505248, 14);
    expect(mackinnonP(-1, 'n', 1)).toBeCloseTo(0.28810611212633064, 14);
  });
  it('is 1 above tau_max and 0 below tau_min; "n" with N = 1 has no tau_max', () => {
    expect(mackinnonP(3, 'c', 1)).toBe(1);
    expect(mackinnonP(-25, 'ct', 1)).toBe(0);
    expect(mackinnonP(50, 'n', 1)).toBe(1);
  });
});

describe('mackinnonCrit', () => {
  it('is b0 + b1/T + b2/T² + b3/T³', () => {
    const c = mackinnonCrit('c', 1, 100);
    expect(c['5%']).toBeCloseTo(-2.86154 - 2.8903 / 100 - 4.234 / 1e4 - 40.04 / 1e6, 14);
  });
});
