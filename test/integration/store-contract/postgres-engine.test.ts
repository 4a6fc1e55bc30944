/**
 * The live engine, the API and the CLI on the PostgreSQL store: ingestion lands in
 * PostgreSQL, status names the store, an on-demand timeframe's first bar is whole (its seed
 * read asynchronously from PostgreSQL), and `tandem import|export|backtest --store postgres`
 * read and write the same schema. Skipped outside CI when PostgreSQL does not answer.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../../src/engine/live-engine.js';
import type { BarUpdate } from '../../../src/model/bar.js';
import { parseTimeframe } from '../../../src/model/timeframe.js';
import type { Status } from '../../../src/server/dto/api-schemas.js';
import { buildServer } from '../../../src/server/build-server.js';
import { openStores } from '../../../src/store/open-stores.js';
import { PostgresMarketStores } from '../../../src/store/postgres/postgres-market-stores.js';
import { REPO_ROOT } from '../../helpers/golden.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../../helpers/postgres-service.js';
import { TcpProxy } from '../../helpers/tcp-proxy.js';
import { waitFor } from '../../helpers/wait-for.js';
import { tick } from './store-contract.js';

const available = await postgresAvailable();
const prefix = uniqueSchema('engine');

afterAll(async () => {
  if (available) await dropSchemas(prefix);
});

function tandem(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!available)('the engine on PostgreSQL', () => {
  it('ingests into PostgreSQL, says so in status, and starts an on-demand timeframe with a whole first bar', async () => {
    const schema = `${prefix}_live`;
    const engine = await LiveEngine.open({ store: { kind: 'postgres', url: PG_URL, schema }, seed: 7, flushMs: 50 });
    const app = await buildServer({ engine, version: 'test' });
    try {
      await engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'] });
      await waitFor('ticks stored in PostgreSQL', async () => (await engine.store.ticks.tickCount()) > 300, 15_000);
      const status = (await app.inject({ url: '/api/status' })).json<Status>();
      expect(status.store).toEqual({ kind: 'postgres', location: '127.0.0.1:5432/test', schema });
      const tf = parseTimeframe('3s');
      if (!tf.ok) throw new Error(tf.error.message);
      const updates: BarUpdate[] = [];
      const off = engine.subscribeBars('BTCUSDT', tf.value, (u) => updates.push(u));
      const first = await waitFor('the first final 3s bar', () => updates.find((u) => u.final), 15_000);
      off();
      await engine.flush();
      const stored = (await app.inject({ url: `/api/bars?symbol=BTCUSDT&tf=3s&from=${first.bar.start}&to=${first.bar.start + 1}` })).json<{ items: { trades: number; volume: number }[] }>().items[0]!;
      expect(first.bar.trades).toBe(stored.trades);
      expect(first.bar.volume).toBeCloseTo(stored.volume, 9);
      await engine.stopIngestion();
      const counted = (await app.inject({ url: '/api/status' })).json<Status>().rowsStored.ticks;
      expect(counted).toBeGreaterThan(300);
      const page = (await app.inject({ url: '/api/ticks?symbol=ETHUSDT&limit=5' })).json<{ items: unknown[] }>();
      expect(page.items).toHaveLength(5);
    } finally {
      await app.close();
      await engine.close();
    }
    // Everything that was published was committed before close returned.
    const again = await openStores({ kind: 'postgres', url: PG_URL, schema });
    try {
      const summaries = await again.ticks.symbolSummaries();
      expect(summaries.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
      let streamed = 0;
      for await (const b of again.ticks.streamTicks({ symbol: 'BTCUSDT' })) streamed += b.length;
      expect(streamed).toBe(summaries[0]!.ticks);
      expect(await again.bars.barCount()).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  });

  it('imports, exports and backtests through the CLI with --store postgres', async () => {
    const env = { TANDEM_PG_SCHEMA: `${prefix}_cli`, TANDEM_PG_URL: PG_URL };
    const file = join(REPO_ROOT, 'test', 'fixtures', 'replay', 'BTCUSDT-aggTrades-2024-01-01.csv');
    const imported = await tandem(env, 'import', 'ticks', file, '--store', 'postgres', '--json');
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 600, inserted: 600, duplicates: 0 });
    const again = await tandem(env, 'import', 'ticks', file, '--store', 'postgres', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: true, inserted: 0 });
    const forced = await tandem(env, 'import', 'ticks', file, '--store', 'postgres', '--json', '--force');
    expect(JSON.parse(forced.stdout)).toMatchObject({ skipped: false, inserted: 0, duplicates: 600 });
    const csv = await tandem({ ...env, TANDEM_STORE: 'postgres' }, 'export', 'ticks', '--symbol', 'BTCUSDT');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('symbol,ts,price,qty,trade_id,buyer_maker');
    expect(lines).toHaveLength(601);
    const noUrl = await tandem({ TANDEM_PG_URL: '' }, 'export', 'ticks', '--symbol', 'BTCUSDT', '--store', 'postgres');
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.stderr).toMatch(/TANDEM_PG_URL/);
    const down = await tandem({ ...env, TANDEM_PG_URL: 'postgres://postgres@127.0.0.1:1/test' }, 'backtest', '--store', 'postgres', '--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '2', '--exit', '0.5', '--json');
    expect(down.code).toBe(2);
    expect(JSON.parse(down.stdout)).toMatchObject({ error: { code: 'store_unavailable' } });
    expect(down.stdout).toMatch(/127\.0\.0\.1:1\/test/);
  });

  it('holds a live batch while PostgreSQL is unreachable and commits it once the server is back, in order and once', async () => {
    const target = new URL(PG_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port === '' ? 5432 : target.port));
    await proxy.start();
    const via = new URL(PG_URL);
    via.port = String(proxy.port);
    const warnings: string[] = [];
    const stores = await PostgresMarketStores.open({ url: via.href, schema: `${prefix}_outage`, maxConnections: 2, writer: { maxWaitMs: 20_000, firstBackoffMs: 50, warn: (m) => warnings.push(m) } });
    const writer = stores.openTickWriter();
    const T = 1_795_000_000_000;
    try {
      expect(await writer.append([tick('BTCUSDT', 1, T), tick('BTCUSDT', 2, T + 1)])).toEqual({ inserted: 2, duplicates: 0 });
      await proxy.stop();
      let settled = false;
      const pending = writer.append([tick('BTCUSDT', 2, T + 1), tick('BTCUSDT', 3, T + 2), tick('BTCUSDT', 4, T + DAY_LATER)]).finally(() => (settled = true));
      await waitFor('a warning that PostgreSQL is unreachable', () => warnings.some((w) => /unreachable/.test(w)), 5_000);
      expect(settled).toBe(false);
      await proxy.start();
      expect(await pending).toEqual({ inserted: 2, duplicates: 1 });
      expect(warnings.some((w) => /reachable again/.test(w))).toBe(true);
      expect((await stores.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).map((t) => t.tradeId)).toEqual([1, 2, 3, 4]);
      expect(await stores.ticks.tickCount()).toBe(4);
      // A bad batch is not retried: it fails at once.
      await expect(writer.append([tick('BTCUSDT', 5, Number.NaN)])).rejects.toThrow(/ts/);
    } finally {
      await writer.close();
      await stores.close();
      await proxy.stop();
    }
  });
});

/** A tick on a later day, so the retried batch also needs a partition made while the server was away. */
const DAY_LATER = 86_400_000;
