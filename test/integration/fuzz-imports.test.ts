/**
 * Fuzz (issue 10, part 4): CSV and NDJSON imports through the real import route
 * (`POST /api/import/ticks|ohlc`, which runs src/engine/file-import.ts and src/ingest/replay/).
 * Files of good rows dressed in BOMs, CRLF and blank lines, with bad rows mixed in: ragged
 * rows, comma decimal separators, quotes, NaN, negative or missing numbers, truncated JSON.
 * Properties: all-or-nothing (a 200 stored exactly its rows, a 400 stored nothing, counted in
 * the store before and after); a file of good rows is imported whole; a file with a row that
 * is certainly bad is refused with an error naming that row; never a 5xx. A "1 GiB" line,
 * made lazily, is cut off by the line limit without being buffered.
 * Cases: FUZZ_RUNS per target (200 in CI; `npm run fuzz` runs 10,000).
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { fuzzParams, fuzzRuns, fuzzTimeout, NASTY_NUMBER_TEXT, reportRuns } from './fuzz-runs.js';

const RUNS = fuzzRuns();
const T0 = Date.UTC(2024, 0, 1);

type Format = 'ndjson' | 'binance' | 'ohlc';

/** What a mutation does to a row: `bad` rows must make the file be refused, naming them. */
interface Mutation {
  readonly bad: boolean;
  apply(fields: string[], format: Format): string;
}

const join7 = (f: string[]): string => f.join(',');

/** Mutations of one row that any reader must refuse. */
const certainlyBad: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('abc', 'NaN', 'Infinity', '-1', '0', '', '12,5', '"100.5"', '1e999', '0x10', '١٢').map((v) => ({
    bad: true,
    apply: (f: string[], format: Format) => {
      // The price (ndjson: a string price; csv: the price column).
      const g = [...f];
      const col = format === 'binance' ? 1 : format === 'ohlc' ? 2 : 2;
      g[col] = v;
      return format === 'ndjson' ? ndjsonLine(g, true) : join7(g);
    },
  })),
  fc.integer({ min: 1, max: 3 }).map((drop) => ({ bad: true, apply: (f: string[], format: Format) => (format === 'ndjson' ? ndjsonLine(f).slice(0, -drop * 3) : join7(f.slice(0, f.length - drop))) })),
  fc.constant({ bad: true, apply: (f: string[], format: Format) => (format === 'ndjson' ? `{"symbol":${JSON.stringify(f[0])},"ts":"yesterday","price":1,"qty":1}` : join7([f[0]!, 'x'.repeat(3), ...f.slice(2)])) }),
);

/** Mutations that keep a row good: spaces around fields. */
const harmless: fc.Arbitrary<Mutation> = fc.constant({ bad: false, apply: (f: string[], format: Format) => (format === 'ndjson' ? ` ${ndjsonLine(f)} ` : f.map((x) => ` ${x} `).join(',')) });

function ndjsonLine(f: string[], rawPrice = false): string {
  const [symbol, ts, price, qty, id] = f;
  return `{"symbol":${JSON.stringify(symbol)},"ts":${ts},"price":${rawPrice ? JSON.stringify(price) : price},"qty":${qty},"tradeId":${id}}`;
}

/** The fields of good row `i` of a file in `format`. */
function goodRow(format: Format, symbol: string, i: number, seed: number): string[] {
  const p = (100 + ((i * 7919 + seed) % 1000) / 100).toFixed(2);
  if (format === 'ndjson') return [symbol, String(T0 + i * 250), p, '0.5', String(i + 1)];
  if (format === 'binance') return [String(i + 1), p, '0.5', String(i * 2 + 1), String(i * 2 + 2), String(T0 + i * 250), i % 2 === 0 ? 'true' : 'false'];
  const o = Number(p);
  const c = o + ((i % 3) - 1) * 0.5;
  return [String(T0 + i * 60_000), o.toFixed(2), (Math.max(o, c) + 1).toFixed(2), (Math.min(o, c) - 1).toFixed(2), c.toFixed(2), '10'];
}

const fileCase = fc.record({
  format: fc.constantFrom<Format>('ndjson', 'binance', 'ohlc'),
  rows: fc.integer({ min: 1, max: 40 }),
  seed: fc.nat(),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  header: fc.boolean(),
  blankEvery: fc.option(fc.integer({ min: 2, max: 7 })),
  mutations: fc.array(fc.tuple(fc.nat(), fc.oneof({ weight: 1, arbitrary: harmless }, { weight: 2, arbitrary: certainlyBad })), { maxLength: 3 }),
});

interface ImportReply {
  readonly inserted?: number;
  readonly duplicates?: number;
  readonly rows?: number | { row: number; reason: string }[];
  readonly error?: { code: string; message: string; rows?: { row: number; reason: string }[] };
}

describe('fuzz: CSV and NDJSON imports through POST /api/import', { timeout: fuzzTimeout(20) }, () => {
  let dir: string;
  let engine: LiveEngine;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-fuzz-import-'));
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 1 });
    app = await buildServer({ engine, version: 'test', dataDir: dir });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (format: Format, symbol: string): Promise<number> =>
    format === 'ohlc' ? (await engine.store.bars.queryBars({ symbol, tf: '1m', limit: 100_000 })).length : (await engine.store.ticks.queryTicks({ symbol, limit: 100_000 })).length;

  it('imports a file whole or not at all, and names the bad row', async () => {
    let run = 0;
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        run++;
        const symbol = `FZ${run}X${c.seed % 1000}USDT`.slice(0, 30);
        const eol = c.crlf ? '\r\n' : '\n';
        const lines: string[] = [];
        /** Physical line number (1-based) of each bad data row. */
        const badLines: number[] = [];
        let dataRows = 0;
        if (c.header && c.format === 'binance') lines.push('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker');
        if (c.format === 'ohlc') lines.push('timestamp,open,high,low,close,volume');
        const mutated = new Map(c.mutations.map(([at, m]) => [at % c.rows, m]));
        for (let i = 0; i < c.rows; i++) {
          if (c.blankEvery !== null && i > 0 && i % c.blankEvery === 0) lines.push('');
          const f = goodRow(c.format, symbol, i, c.seed);
          const m = mutated.get(i);
          lines.push(m === undefined ? (c.format === 'ndjson' ? ndjsonLine(f) : join7(f)) : m.apply(f, c.format));
          if (m?.bad === true) badLines.push(lines.length);
          dataRows++;
        }
        const body = `${c.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
        const url = c.format === 'ohlc' ? `/api/import/ohlc?symbol=${symbol}&tf=1m` : `/api/import/ticks?format=${c.format}${c.format === 'binance' ? `&symbol=${symbol}` : ''}`;
        const before = await stored(c.format, symbol);
        const res = await app.inject({ method: 'POST', url, headers: { 'content-type': c.format === 'ndjson' ? 'application/x-ndjson' : 'text/csv' }, payload: body });
        const reply = res.json() as ImportReply;
        const after = await stored(c.format, symbol);
        const context = `${c.format} ${url}\n${body.slice(0, 1500)}\n→ ${res.statusCode} ${res.body.slice(0, 600)}`;
        expect(res.statusCode, context).toBeLessThan(500);
        if (res.statusCode === 200) {
          outcomes.imported++;
          expect(badLines, context).toEqual([]);
          expect(after - before, context).toBe(c.format === 'ohlc' ? dataRows : reply.inserted);
          if (c.format !== 'ohlc') expect((reply.inserted ?? 0) + (reply.duplicates ?? 0), context).toBe(dataRows);
        } else {
          outcomes.refused++;
          expect(res.statusCode, context).toBe(400);
          expect(after, context).toBe(before);
          expect(reply.error, context).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
          expect(badLines.length, `a file of good rows was refused: ${context}`).toBeGreaterThan(0);
          const named = [...(reply.error?.rows ?? []).map((r) => r.row), ...[...(reply.error?.message ?? '').matchAll(/row (\d+)/g)].map((m) => Number(m[1]))];
          expect(named, context).toContain(badLines[0]);
        }
      }),
      fuzzParams(),
    );
    reportRuns(`csv/ndjson imports (${outcomes.imported} imported whole, ${outcomes.refused} refused)`, run);
    expect(run).toBe(RUNS);
    // Both branches of the property were exercised.
    if (RUNS >= 50) expect(Math.min(outcomes.imported, outcomes.refused)).toBeGreaterThan(RUNS / 10);
  });

  it.each(NASTY_NUMBER_TEXT.slice(0, 12))('refuses an NDJSON price %j that is not a positive number, naming row 1', async (p) => {
    const res = await app.inject({ method: 'POST', url: '/api/import/ticks?format=ndjson', headers: { 'content-type': 'application/x-ndjson' }, payload: `{"symbol":"NASTYUSDT","ts":${T0},"price":${JSON.stringify(p)},"qty":1}\n` });
    if (['1e5', '1E-7', '1e+2'].includes(p)) expect(res.statusCode).toBe(200);
    else {
      expect(res.statusCode, `${p}: ${res.body}`).toBe(400);
      expect(res.body).toMatch(/"row":1/);
    }
  });

  it('cuts a 1 GiB line off at the line limit without buffering it, and stores nothing', async () => {
    // The body is made as it is sent, 64 KiB at a time; a reader that buffered the line would
    // need a gigabyte, this one stops at the 1 MiB line limit.
    const chunk = Buffer.alloc(64 * 1024, 'x'.charCodeAt(0));
    const total = 1 << 30;
    const rssBefore = process.memoryUsage().rss;
    for (const [url, type, head] of [
      ['/api/import/ticks?format=ndjson', 'application/x-ndjson', '{"symbol":"HUGEUSDT","ts":1,"price":1,"qty":1}\n{"symbol":"'],
      ['/api/import/ticks?format=binance&symbol=HUGEUSDT', 'text/csv', '1,100,1,1,1,1704067200000,true\n2,'],
      ['/api/import/ohlc?symbol=HUGEUSDT&tf=1m', 'text/csv', '1704067200000,1,2,0.5,1.5,10\n'],
    ] as const) {
      const { status, body, sent } = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
        let sentBytes = 0;
        let answered = false;
        const req = httpRequest(`${base}${url}`, { method: 'POST', headers: { 'content-type': type, 'transfer-encoding': 'chunked' } }, (res) => {
          answered = true;
          let text = '';
          res.on('data', (d) => (text += String(d)));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: text, sent: sentBytes });
          });
        });
        req.on('error', (e) => (answered ? undefined : reject(e)));
        req.write(head);
        const pump = (): void => {
          while (!answered && sentBytes < total) {
            sentBytes += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!answered) req.end();
        };
        pump();
      });
      expect(status, body).toBe(400);
      expect(JSON.parse(body).error.message, url).toMatch(/row 2: line is longer than 1048576 bytes/);
      expect(sent, url).toBeLessThan(total / 8);
    }
    expect(await engine.store.ticks.queryTicks({ symbol: 'HUGEUSDT', limit: 10 })).toEqual([]);
    expect(await engine.store.bars.queryBars({ symbol: 'HUGEUSDT', tf: '1m', limit: 10 })).toEqual([]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
