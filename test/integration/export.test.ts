import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../../src/core/brand.js';
import { importOhlc, importTicks } from '../../src/engine/file-import.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import type { Tick } from '../../src/model/tick.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const tf = (label: string): TimeframeSpec => (parseTimeframe(label) as { ok: true; value: TimeframeSpec }).value;
const STORED = DEFAULT_TIMEFRAMES.map(tf);

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

async function csv(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  return res.text();
}

describe('CSV export', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.engine.startIngestion({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT'], seed: 4 });
    await waitFor('six stored 1s bars of each symbol', async () => {
      for (const symbol of ['BTCUSDT', 'ETHUSDT']) if ((await server.engine.store.bars.queryBars({ symbol, tf: '1s', limit: 10 })).length < 6) return false;
      return true;
    }, 20_000);
    await server.engine.stopIngestion();
  });
  afterAll(async () => server.close());

  it('round-trips ticks: export, then import into an empty store, gives the same rows', async () => {
    const text = await csv(`${server.url}/api/export/ticks.csv?symbol=BTCUSDT`);
    expect(text.split('\n')[0]).toBe('symbol,ts,price,qty,trade_id,buyer_maker');
    expect(text.split('\n')[1]).toMatch(/^BTCUSDT,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    const fresh = SqliteStore.open(':memory:');
    const result = await importTicks(fresh, bytes(text), { name: 'BTCUSDT-ticks.csv', timeframes: STORED });
    const original = await server.engine.store.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 });
    const back = await fresh.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1_000_000 });
    expect(result.inserted).toBe(original.length);
    const strip = (ts: readonly Tick[]): unknown[] => ts.map(({ symbol, ts: t, price: p, qty: q, tradeId, buyerMaker }) => [symbol, t, p, q, tradeId, buyerMaker]);
    expect(strip(back)).toEqual(strip(original));
    fresh.close();
  });

  it('round-trips bars of a stored timeframe through the OHLC import, vwap and trades included', async () => {
    const text = await csv(`${server.url}/api/export/bars.csv?symbol=BTCUSDT&tf=1s`);
    expect(text.split('\n')[0]).toBe('timestamp,open,high,low,close,volume,vwap,trades');
    const fresh = SqliteStore.open(':memory:');
    await importOhlc(fresh, bytes(text), { symbol: 'BTCUSDT', tf: tf('1s'), storedTimeframes: STORED });
    const original = await server.engine.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: 100_000 });
    const back = await fresh.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: 100_000 });
    expect(back.length).toBe(original.length);
    expect(back).toEqual(original);
    fresh.close();
  });

  it('exports bars of any timeframe, built from ticks', async () => {
    const text = await csv(`${server.url}/api/export/bars.csv?symbol=ETHUSDT&tf=2s`);
    const rows = text.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Date.parse(r.split(',')[0]!) % 2000).toBe(0);
  });

  it('gives the header alone for a range with no data, not an error', async () => {
    expect(await csv(`${server.url}/api/export/ticks.csv?symbol=BTCUSDT&from=0&to=1000`)).toBe('symbol,ts,price,qty,trade_id,buyer_maker\n');
    expect(await csv(`${server.url}/api/export/bars.csv?symbol=SOLUSDT&tf=1m`)).toBe('timestamp,open,high,low,close,volume,vwap,trades\n');
  });

  it('exports the Pair Analytics series with the numbers the analytics route gives', async () => {
    // A fixed range: the bar that was forming when ingestion stopped is finalized a moment later.
    const bars = await server.engine.store.bars.queryBars({ symbol: 'ETHUSDT', tf: '1s', limit: 100_000 });
    const q = `y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=3&to=${bars.at(-1)!.start + 1}`;
    const text = await csv(`${server.url}/api/export/pair.csv?${q}`);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta');
    const api = (await (await fetch(`${server.url}/api/pairs/analytics?${q}`)).json()) as { series: { ts: number[]; beta: (number | null)[]; z: (number | null)[] } };
    expect(lines.length - 1).toBe(api.series.ts.length);
    lines.slice(1).forEach((line, i) => {
      const f = line.split(',');
      expect(Date.parse(f[0]!)).toBe(api.series.ts[i]);
      expect(f[5] === '' ? null : Number(f[5])).toBe(api.series.beta[i]);
      expect(f[8] === '' ? null : Number(f[8])).toBe(api.series.z[i]);
    });
  });

  it('names a bad parameter', async () => {
    const res = await fetch(`${server.url}/api/export/bars.csv?symbol=BTCUSDT&tf=1x`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/tf.*'1x'/);
  });
});

describe('a large export', () => {
  it('streams with flat memory: the heap grows far less than the CSV it sends', async () => {
    const server = await startTestServer();
    try {
      const model = new BasketModel({ symbols: ['BTCUSDT'], seed: 2, startMs: 1_795_000_000_000, tradesPerSecond: 1000 });
      const n = 400_000;
      const ticks = model.advanceTo(1_795_000_000_000 + n + 10_000).slice(0, n);
      for (let i = 0; i < ticks.length; i += 50_000) await server.engine.store.ticks.appendTicks(ticks.slice(i, i + 50_000));
      expect(ticks[0]).toMatchObject({ ts: epochMs(ticks[0]!.ts), price: price(ticks[0]!.price), qty: qty(ticks[0]!.qty) });
      // Live heap after a full collection, so garbage awaiting collection is not counted.
      setFlagsFromString('--expose_gc');
      const gc = runInNewContext('gc') as () => void;
      const liveHeap = (): number => {
        gc();
        return process.memoryUsage().heapUsed;
      };
      const base = liveHeap();
      let peak = base;
      let bytesSeen = 0;
      let nextSample = 0;
      const res = await fetch(`${server.url}/api/export/ticks.csv?symbol=BTCUSDT`);
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytesSeen += value.byteLength;
        if (bytesSeen >= nextSample) {
          peak = Math.max(peak, liveHeap());
          nextSample += 2 ** 21;
        }
      }
      const csvMb = bytesSeen / 2 ** 20;
      const growthMb = (peak - base) / 2 ** 20;
      console.log(`exported ${n} ticks, ${csvMb.toFixed(1)} MiB of CSV; heap grew at most ${growthMb.toFixed(1)} MiB`);
      expect(csvMb).toBeGreaterThan(25);
      // Building the file in memory would hold the whole CSV and every row object (well over the
      // CSV's size); streaming holds a page or two.
      expect(growthMb).toBeLessThan(csvMb * 0.75);
    } finally {
      await server.close();
    }
  });
});
