import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import type { Bar } from '../../src/model/bar.js';
import type { Tick } from '../../src/model/tick.js';
import type { ImportErrorBody, ImportResult } from '../../src/server/dto/api-schemas.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

// Drives the built CLI (`npm test` builds first) and the HTTP routes with the fixtures made by
// test/fixtures/replay/make-fixtures.mjs.
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'replay');
const BINANCE = join(FIXTURES, 'BTCUSDT-aggTrades-2024-01-01.csv');
const TFS = [['1s', 1000], ['1m', 60_000], ['5m', 300_000]] as const;
// Binance.US spot BTC/USDT 1m klines of 1 to 21 March 2023, as /work/shared/realdata holds them
// (public repository cl8550-crypto/iaqf_analysis, data/binance/raw/, commit dec29656): header
// `open_time,open,high,low,close,volume`, times like `2023-03-01 00:00:00+00:00`.
const REALDATA = join(REPO_ROOT, 'test', 'fixtures', 'realdata', 'binance_BTCUSDT_1m_20230301_20230321.csv');
const KLINE_HEADER = 'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';

/**
 * A data.binance.vision kline dump of `n` 1m bars from 2025-01-01 in µs, as Binance writes spot
 * dumps since 2025, with its header; bar i has i + 7 trades, volume i + 1 and vwap 1000.25 + i.
 */
function binanceKlines(n: number): string {
  const t0 = Date.UTC(2025, 0, 1);
  const rows = Array.from({ length: n }, (_, i) => {
    const open = (t0 + i * 60_000) * 1000;
    return [open, 1000 + i, 1001 + i, 999 + i, 1000.5 + i, i + 1, open + 59_999_999, ((i + 1) * (1000.25 + i)).toFixed(4), i + 7, '0.5', '500.2', '0'].join(',');
  });
  return [KLINE_HEADER, ...rows].join('\n') + '\n';
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tandem(...args: string[]): Promise<Run> {
  const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), args, { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function stored(db: string, symbol: string): Promise<{ ticks: Tick[]; bars: Map<string, Bar[]> }> {
  const store = SqliteStore.open(db);
  try {
    const ticks = await store.ticks.queryTicks({ symbol, limit: 1_000_000 });
    const bars = new Map<string, Bar[]>();
    for (const [tf] of TFS) bars.set(tf, await store.bars.queryBars({ symbol, tf, limit: 1_000_000 }));
    return { ticks, bars };
  } finally {
    store.close();
  }
}

/** Every stored timeframe's bars equal resampling the stored ticks. */
function expectBarsMatchTicks(ticks: readonly Tick[], bars: Map<string, Bar[]>): void {
  for (const [tf, ms] of TFS) {
    const cols = resampleOhlcv(ticks.map((t) => t.ts), ticks.map((t) => t.price), ticks.map((t) => t.qty), ms);
    const got = bars.get(tf)!;
    expect(got.map((b) => b.start)).toEqual(Array.from(cols.ts));
    got.forEach((b, i) => {
      expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.count[i]]);
      expect(b.volume).toBeCloseTo(cols.volume[i]!, 9);
      expect(b.vwap).toBeCloseTo(cols.vwap[i]!, 6);
    });
  }
}

describe('tandem import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a Binance aggTrades csv, sorted by id, with bars equal to resampling its ticks', async () => {
    const db = join(dir, 'binance.db');
    const run = await tandem('import', 'ticks', BINANCE, '--db', db, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ImportResult;
    expect(result).toMatchObject({ rows: 600, inserted: 600, duplicates: 0 });
    const { ticks, bars } = await stored(db, 'BTCUSDT');
    expect(ticks.length).toBe(600);
    expect(ticks.every((t) => t.source === 'import')).toBe(true);
    const ids = readFileSync(BINANCE, 'utf8').trim().split('\n').map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
    expect(ticks.map((t) => t.tradeId)).toEqual(ids);
    expectBarsMatchTicks(ticks, bars);
    expect(result.bars).toBe(TFS.reduce((n, [tf]) => n + bars.get(tf)!.length, 0));
  });

  it('skips the same bytes imported again, and with --force changes nothing', async () => {
    const db = join(dir, 'binance.db');
    const before = await stored(db, 'BTCUSDT');
    const run = await tandem('import', 'ticks', BINANCE, '--db', db, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ skipped: true, inserted: 0 });
    const human = await tandem('import', 'ticks', BINANCE, '--db', db);
    expect(human.stdout).toMatch(/^skipped .*imported before/);
    const forced = await tandem('import', 'ticks', BINANCE, '--db', db, '--json', '--force');
    expect(JSON.parse(forced.stdout)).toMatchObject({ skipped: false, rows: 600, inserted: 0, duplicates: 600 });
    const after = await stored(db, 'BTCUSDT');
    expect(after.ticks).toEqual(before.ticks);
    expect(after.bars).toEqual(before.bars);
  });

  it('imports a zipped dump with microsecond times as the same ticks', async () => {
    const micros = readFileSync(BINANCE, 'utf8').replace(/,(\d{13}),/g, (_, t: string) => `,${t}456,`);
    const zip = join(dir, 'BTCUSDT-aggTrades-2024-01-01.zip');
    writeFileSync(zip, zipSync({ 'BTCUSDT-aggTrades-2024-01-01.csv': strToU8(micros) }));
    const db = join(dir, 'zip.db');
    const run = await tandem('import', 'ticks', zip, '--db', db, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 600, inserted: 600 });
    const fromCsv = await stored(join(dir, 'binance.db'), 'BTCUSDT');
    expect((await stored(db, 'BTCUSDT')).ticks).toEqual(fromCsv.ticks);
  });

  it.each([
    ['ticks.csv', 'ETHUSDT'],
    ['ticks.ndjson', 'SOLUSDT'],
  ])('imports %s with its own symbol column', async (file, symbol) => {
    const db = join(dir, `${file}.db`);
    const run = await tandem('import', 'ticks', join(FIXTURES, file), '--db', db, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 600, inserted: 600, duplicates: 0 });
    const { ticks, bars } = await stored(db, symbol);
    expect(ticks.length).toBe(600);
    expectBarsMatchTicks(ticks, bars);
  });

  it('rejects a bad file whole, naming every bad row, and writes nothing', async () => {
    const db = join(dir, 'bad.db');
    const run = await tandem('import', 'ticks', join(FIXTURES, 'bad-BTCUSDT-aggTrades.csv'), '--symbol', 'BTCUSDT', '--db', db, '--json');
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout) as ImportErrorBody;
    expect(body.error.code).toBe('invalid_file');
    expect(body.error.rows).toEqual([
      { row: 4, reason: "price is not a number ('12;5')" },
      { row: 8, reason: expect.stringMatching(/expected 7 columns .* got 6/) as unknown as string },
      { row: 13, reason: "is_buyer_maker is not true or false ('maybe')" },
    ]);
    expect((await stored(db, 'BTCUSDT')).ticks).toEqual([]);
    const human = await tandem('import', 'ticks', join(FIXTURES, 'bad-BTCUSDT-aggTrades.csv'), '--symbol', 'BTCUSDT', '--db', db);
    expect(human.code).toBe(2);
    expect(human.stderr).toMatch(/3 bad rows, nothing was written/);
    expect(human.stderr).toMatch(/row 4: price is not a number \('12;5'\)/);
  });

  it('imports OHLC bars with typical-price vwap and no trades, idempotently', async () => {
    const db = join(dir, 'ohlc.db');
    const file = join(FIXTURES, 'ETHUSDT-1m.csv');
    const run = await tandem('import', 'ohlc', file, '--symbol', 'ETHUSDT', '--tf', '1m', '--db', db, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ bars: 30, rows: 30 });
    const first = (await stored(db, 'ETHUSDT')).bars.get('1m')!;
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(first.map((b) => [b.start / 1000, b.open, b.high, b.low, b.close, b.volume])).toEqual(lines);
    expect(first.every((b) => b.trades === 0 && Math.abs(b.vwap - (b.high + b.low + b.close) / 3) < 1e-9)).toBe(true);
    await tandem('import', 'ohlc', file, '--symbol', 'ETHUSDT', '--tf', '1m', '--db', db, '--json');
    expect((await stored(db, 'ETHUSDT')).bars.get('1m')).toEqual(first);
  });

  it('rejects a bad OHLC file with every bad row and writes nothing', async () => {
    const db = join(dir, 'bad-ohlc.db');
    const run = await tandem('import', 'ohlc', join(FIXTURES, 'bad-ohlc-1m.csv'), '--symbol', 'ETHUSDT', '--tf', '1m', '--db', db, '--json');
    expect(run.code).toBe(2);
    const rows = (JSON.parse(run.stdout) as ImportErrorBody).error.rows!;
    expect(rows.map((r) => r.row)).toEqual([3, 6]);
    expect(rows[0]!.reason).toMatch(/high 1 is below max\(open, close\)/);
    expect(rows[1]!.reason).toMatch(/is not after that of row 5/);
    expect((await stored(db, 'ETHUSDT')).bars.get('1m')).toEqual([]);
  });

  it('refuses a timeframe that is not stored', async () => {
    const run = await tandem('import', 'ohlc', join(FIXTURES, 'ETHUSDT-1m.csv'), '--symbol', 'ETHUSDT', '--tf', '1h', '--db', join(dir, 'x.db'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/timeframe 1h is not stored/);
  });
  it('imports the realdata 1m klines (open_time header, ISO times with a space and offset) exactly', async () => {
    const db = join(dir, 'realdata.db');
    const run = await tandem('import', 'ohlc', REALDATA, '--symbol', 'BTCUSDT', '--tf', '1m', '--db', db, '--json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ bars: 30_240, rows: 30_240 });
    const bars = (await stored(db, 'BTCUSDT')).bars.get('1m')!;
    expect(bars.length).toBe(21 * 1440);
    const at = (iso: string): Bar => bars.find((b) => b.start === Date.parse(iso))!;
    // Values copied from the file's rows 2, 13802 and 30241.
    expect(at('2023-03-01T00:00:00Z')).toMatchObject({ open: 23140.48, high: 23150.77, low: 23128.52, close: 23142.31, volume: 2.131777, trades: 0 });
    expect(at('2023-03-10T14:00:00Z')).toMatchObject({ open: 20181.96, high: 20194.81, low: 20145.78, close: 20145.78, volume: 7.79644 });
    expect(bars[bars.length - 1]).toMatchObject({ start: Date.parse('2023-03-21T23:59:00Z'), open: 28122.53, high: 28123.37, low: 28094.85, close: 28110.26, volume: 0.82091 });
    expect(at('2023-03-01T00:00:00Z').vwap).toBeCloseTo((23150.77 + 23128.52 + 23142.31) / 3, 9);
    expect(bars.every((b, i) => i === 0 || b.start - bars[i - 1]!.start === 60_000)).toBe(true);
  });

  it('refuses the realdata 1m file as 5m, naming the rows that are less than a bar apart', async () => {
    const db = join(dir, 'realdata-5m.db');
    const run = await tandem('import', 'ohlc', REALDATA, '--symbol', 'BTCUSDT', '--tf', '5m', '--db', db, '--json');
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout) as ImportErrorBody;
    expect(body.error.rows![0]).toEqual({ row: 3, reason: "timestamp 2023-03-01T00:01:00.000Z is not at the start of a 5m bar: it is 1m after row 2's, less than one bar; is the file of a shorter timeframe than 5m?" });
    expect(body.error.message).toMatch(/24192 bad rows, nothing was written/);
    expect((await stored(db, 'BTCUSDT')).bars.get('5m')).toEqual([]);
  });

  it("imports a zipped Binance kline dump in µs with Binance's trade counts and vwap", async () => {
    const zip = join(dir, 'BTCUSDT-1m-2025-01.zip');
    writeFileSync(zip, zipSync({ 'BTCUSDT-1m-2025-01.csv': strToU8(binanceKlines(120)) }));
    const db = join(dir, 'klines.db');
    const run = await tandem('import', 'ohlc', zip, '--symbol', 'BTCUSDT', '--tf', '1m', '--db', db, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ bars: 120, rows: 120 });
    const bars = (await stored(db, 'BTCUSDT')).bars.get('1m')!;
    expect(bars.map((b) => b.start)).toEqual(Array.from({ length: 120 }, (_, i) => Date.UTC(2025, 0, 1) + i * 60_000));
    expect(bars[3]).toMatchObject({ open: 1003, high: 1004, low: 1002, close: 1003.5, volume: 4, trades: 10 });
    expect(bars[3]!.vwap).toBeCloseTo(1003.25, 9);
    const asFiveMinutes = await tandem('import', 'ohlc', zip, '--symbol', 'BTCUSDT', '--tf', '5m', '--db', db, '--json');
    expect(asFiveMinutes.code).toBe(2);
    expect((JSON.parse(asFiveMinutes.stdout) as ImportErrorBody).error.rows![0]).toEqual({ row: 2, reason: 'close_time says the bar lasts 1m, not 5m: is the file of another timeframe than 5m?' });
  });
});

describe('POST /api/import', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  const post = async (path: string, body: Uint8Array | string, type = 'text/csv'): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
    return { status: res.status, body: await res.json() };
  };

  it('imports ticks from the raw body and serves their bars', async () => {
    const csv = readFileSync(BINANCE);
    const res = await post('/api/import/ticks?symbol=BTCUSDT', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 600, inserted: 600, duplicates: 0 });
    const again = await post('/api/import/ticks?symbol=BTCUSDT', csv, 'application/octet-stream');
    expect(again.body).toMatchObject({ skipped: true, inserted: 0 });
    const forced = await post('/api/import/ticks?symbol=BTCUSDT&force=true', csv, 'application/octet-stream');
    expect(forced.body).toMatchObject({ skipped: false, inserted: 0, duplicates: 600 });
    const bars = (await (await fetch(`${server.url}/api/bars?symbol=BTCUSDT&tf=1m`)).json()) as { items: Bar[] };
    expect(bars.items.length).toBeGreaterThan(5);
  });

  it('imports a zip and NDJSON by their content types', async () => {
    const zip = zipSync({ 'x.csv': readFileSync(join(FIXTURES, 'ticks.csv')) });
    expect((await post('/api/import/ticks', zip, 'application/zip')).body).toMatchObject({ inserted: 600 });
    expect((await post('/api/import/ticks?format=ndjson', readFileSync(join(FIXTURES, 'ticks.ndjson')), 'application/x-ndjson')).body).toMatchObject({ inserted: 600 });
  });

  it('imports OHLC bars', async () => {
    const res = await post('/api/import/ohlc?symbol=ETHUSDT&tf=1m', readFileSync(join(FIXTURES, 'ETHUSDT-1m.csv')));
    expect(res).toMatchObject({ status: 200, body: { bars: 30, rows: 30 } });
  });

  it('imports a zipped Binance kline dump and a header-less one alike', async () => {
    const csv = binanceKlines(30);
    const zip = zipSync({ 'ADAUSDT-1m-2025-01.csv': strToU8(csv) });
    expect(await post('/api/import/ohlc?symbol=ADAUSDT&tf=1m', zip, 'application/zip')).toMatchObject({ status: 200, body: { bars: 30, rows: 30 } });
    // ADAUSDT is not one of the simulator's symbols, so these are the imported bars alone.
    const served = async (): Promise<Bar[]> => ((await (await fetch(`${server.url}/api/bars?symbol=ADAUSDT&tf=1m&limit=100`)).json()) as { items: Bar[] }).items;
    const first = await served();
    expect(first.map((b) => b.trades)).toEqual(Array.from({ length: 30 }, (_, i) => i + 7));
    const headerless = csv.split('\n').slice(1).join('\n');
    expect(await post('/api/import/ohlc?symbol=ADAUSDT&tf=1m', headerless)).toMatchObject({ status: 200, body: { bars: 30 } });
    expect(await served()).toEqual(first);
  });

  it('answers a bad file with 400 and every bad row', async () => {
    const res = await post('/api/import/ticks?symbol=XRPUSDT', readFileSync(join(FIXTURES, 'bad-BTCUSDT-aggTrades.csv')));
    expect(res.status).toBe(400);
    const err = (res.body as ImportErrorBody).error;
    expect(err.code).toBe('invalid_file');
    expect(err.rows!.map((r) => r.row)).toEqual([4, 8, 13]);
    expect(err.moreRows).toBe(0);
    const symbols = (await (await fetch(`${server.url}/api/symbols`)).json()) as { items: { symbol: string }[] };
    expect(symbols.items.map((s) => s.symbol)).not.toContain('XRPUSDT');
  });

  it('answers a Binance dump without a symbol with 400', async () => {
    const res = await post('/api/import/ticks', readFileSync(BINANCE));
    expect(res.status).toBe(400);
    expect((res.body as ImportErrorBody).error.message).toMatch(/no symbol column/);
  });

  it('answers a JSON body with 415', async () => {
    const res = await post('/api/import/ticks?symbol=BTCUSDT', '{"a":1}', 'application/json');
    expect(res.status).toBe(415);
  });
});

describe('POST /api/import over the size limit', () => {
  it('answers 413 with a message that names the limit', async () => {
    process.env['TANDEM_IMPORT_MAX_BYTES'] = '1000';
    const server = await startTestServer();
    delete process.env['TANDEM_IMPORT_MAX_BYTES'];
    try {
      const res = await fetch(`${server.url}/api/import/ticks?symbol=BTCUSDT`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: readFileSync(BINANCE).subarray(0, 5000) });
      expect(res.status).toBe(413);
      const body = (await res.json()) as ImportErrorBody;
      expect(body.error.code).toBe('payload_too_large');
      expect(body.error.message).toMatch(/limit of 1000 bytes/);
      expect(await server.engine.store.ticks.tickCount()).toBe(0);
    } finally {
      await server.close();
    }
  });
});
