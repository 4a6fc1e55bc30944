import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './app.js';

describe('App', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-app-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests, adds alert rules, imports OHLC bars, and keeps the rules on reopen', async () => {
    const dbPath = join(dir, 'tandem.db');
    const app = new App({ dbPath });
    await app.startIngestion(['BTCUSDT', 'ETHUSDT'], { seed: 3 });
    const rule = await app.addAlertRule('zscore', { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', window: 30, threshold: 2 }, { name: 'stretch', severity: 'critical' });
    expect(rule).toMatchObject({ name: 'stretch', type: 'zscore', params: { method: 'ols', direction: 'outside' } });
    await expect(app.addAlertRule('price', { symbol: 'XRPUSDT', level: 1 })).rejects.toThrow("params.symbol: unknown symbol 'XRPUSDT'");
    await expect(app.addAlertRule('volume_spike', { symbol: 'BTCUSDT', tf: '1m', window: -1, threshold: 3 })).rejects.toThrow('params.window');

    const csv = join(dir, 'SOLUSDT-1m.csv');
    writeFileSync(csv, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,100,101,99,100.5,10\n2024-01-01T00:01:00Z,100.5,102,100,101,12\n');
    expect(await app.uploadOhlcData(csv, 'solusdt', '1m')).toMatchObject({ bars: 2, rows: 2 });
    await app.close();

    const again = new App({ dbPath });
    expect((await again.alertRules()).map((v) => v.rule.id)).toEqual([rule.id]);
    // An imported symbol is a known one.
    await again.addAlertRule('price', { symbol: 'SOLUSDT', level: 100, direction: 'crossing' });
    await again.close();
  });

  it('opens on a store config, says which store in status, and names the server it cannot reach', async () => {
    const path = join(dir, 'opened.db');
    const app = await App.open({ store: { kind: 'sqlite', path } });
    expect((await app.engine.status()).store).toEqual({ kind: 'sqlite', location: path, schema: null });
    await app.close();
    await expect(App.open({ store: { kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/tandem' } })).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:1\/tandem/);
  });
});
