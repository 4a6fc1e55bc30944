/**
 * The streaming tick import (issue 14, item 1): all-or-nothing for a bad row at the very end
 * of a file bigger than one batch, a SIGKILL in the middle of a big import leaves the store
 * exactly as before, the same answers as the in-memory reader for files out of order, with
 * repeats and with time going back, bars equal to resampling the stored ticks on both the
 * streamed and the rebuilt path, and many files at once with the imported ones skipped.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { aggTradesDumpText, writeAggTradesDump } from '../../src/fake-binance/agg-trades-dump.js';
import { loadTickFile } from '../../src/ingest/replay/load-tick-file.js';
import { InvalidFileError } from '../../src/ingest/replay/tick-file-format.js';
import { importTicksIntoSqlite } from '../../src/jobs/tick-import/import-into-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { bytesOf, STORED_TFS } from '../helpers/tick-files.js';
import { waitFor } from '../helpers/wait-for.js';

const TFS = STORED_TFS;

/** Everything a store holds of `symbol`, to compare before and after. */
function snapshot(store: SqliteStore, symbol: string): unknown {
  return {
    ticks: store.ticks.queryTicksSync({ symbol, limit: 10_000_000 }),
    bars: TFS.map((tf) => store.db.prepare('SELECT * FROM bars WHERE symbol = ? AND tf = ? ORDER BY start').all(symbol, tf.label)),
    counts: store.db.prepare('SELECT * FROM tick_counts ORDER BY symbol').all(),
    imports: store.db.prepare('SELECT sha256 FROM tick_imports ORDER BY sha256').all(),
  };
}

function expectBarsMatchTicks(store: SqliteStore, symbol: string): void {
  const ticks = store.ticks.queryTicksSync({ symbol, limit: 10_000_000 });
  for (const tf of TFS) {
    const cols = resampleOhlcv(ticks.map((t) => t.ts), ticks.map((t) => t.price), ticks.map((t) => t.qty), tf.ms);
    const bars = store.db.prepare('SELECT * FROM bars WHERE symbol = ? AND tf = ? ORDER BY start').all(symbol, tf.label) as { start: number; open: number; high: number; low: number; close: number; volume: number; trades: number }[];
    expect(bars.map((b) => b.start)).toEqual(Array.from(cols.ts));
    bars.forEach((b, i) => {
      expect([b.open, b.high, b.low, b.close, b.trades]).toEqual([cols.open[i], cols.high[i], cols.low[i], cols.close[i], cols.count[i]]);
      expect(b.volume).toBeCloseTo(cols.volume[i]!, 9);
    });
  }
}

function tandem(args: string[], env: NodeJS.ProcessEnv = {}): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), args, { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return { child, done: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

describe('streaming tick import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-stream-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a bad row at the very end of a file bigger than one batch, and the store is exactly as before', async () => {
    const store = SqliteStore.open(join(dir, 'end.db'));
    try {
      await importTicksIntoSqlite(store.db, bytesOf(aggTradesDumpText({ rows: 5_000, seed: 1, startMs: Date.UTC(2023, 11, 31) })), { name: 'BTCUSDT-aggTrades-2023-12-31.csv', timeframes: TFS });
      const before = snapshot(store, 'BTCUSDT');
      const text = aggTradesDumpText({ rows: 70_000, seed: 2 }) + '1999999999,0,1,1,1,1704100000000,true\n';
      const err = await importTicksIntoSqlite(store.db, bytesOf(text), { name: 'BTCUSDT-aggTrades-2024-01-01.csv', timeframes: TFS, batchSize: 65_536 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidFileError);
      expect((err as InvalidFileError).rows).toEqual([{ row: 70_002, reason: "price must be > 0 ('0')" }]);
      expect(snapshot(store, 'BTCUSDT')).toEqual(before);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('answers as the in-memory reader does for files out of order, with repeats and with time going back', async () => {
    const row = fc.record({ id: fc.integer({ min: 1, max: 40 }), ts: fc.integer({ min: 0, max: 20_000 }), price: fc.integer({ min: 1, max: 999 }), q: fc.integer({ min: 1, max: 99 }) });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 16 }), async (rows, batchSize) => {
        const t0 = Date.UTC(2024, 0, 1);
        const text = rows.map((r) => `${r.id},${r.price / 10},${r.q / 10},${r.id},${r.id},${t0 + r.ts},${r.id % 2 === 0}`).join('\n');
        const legacy = await loadTickFile(bytesOf(text), { source: 'import', symbol: 'BTCUSDT' }).catch((e: unknown) => e);
        const store = SqliteStore.open(join(dir, `prop-${k++}.db`));
        try {
          const got = await importTicksIntoSqlite(store.db, bytesOf(text, 7), { symbol: 'BTCUSDT', timeframes: TFS, batchSize }).catch((e: unknown) => e);
          if (legacy instanceof InvalidFileError) {
            expect(got).toBeInstanceOf(InvalidFileError);
            expect((got as InvalidFileError).rows).toEqual(legacy.rows);
            expect(store.ticks.queryTicksSync({ symbol: 'BTCUSDT', limit: 1000 })).toEqual([]);
            return;
          }
          if (legacy instanceof Error) throw legacy;
          const table = (legacy as Awaited<ReturnType<typeof loadTickFile>>).table;
          expect(got).toMatchObject({ inserted: table.length, duplicates: table.duplicatesInFile });
          const want = table.slice(0, table.length).map((t) => ({ ...t }));
          want.sort((a, b) => a.ts - b.ts || a.tradeId - b.tradeId);
          expect(store.ticks.queryTicksSync({ symbol: 'BTCUSDT', limit: 1000 })).toEqual(want);
          expectBarsMatchTicks(store, 'BTCUSDT');
        } finally {
          store.close();
        }
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 60) },
    );
  });

  it('builds bars while reading where the store has no ticks in the range, and rebuilds them where it has', async () => {
    const store = SqliteStore.open(join(dir, 'bars.db'));
    try {
      // Two halves of one tape: the second's first buckets hold ticks of the first.
      const all = aggTradesDumpText({ rows: 20_000, seed: 5, header: false }).trimEnd().split('\n');
      const streamed = await importTicksIntoSqlite(store.db, bytesOf(all.slice(0, 12_000).join('\n')), { symbol: 'BTCUSDT', timeframes: TFS });
      expect(streamed.bars).toBeGreaterThan(0);
      expectBarsMatchTicks(store, 'BTCUSDT');
      await importTicksIntoSqlite(store.db, bytesOf(all.slice(12_000).join('\n')), { symbol: 'BTCUSDT', timeframes: TFS });
      expectBarsMatchTicks(store, 'BTCUSDT');
      expect(store.ticks.queryTicksSync({ symbol: 'BTCUSDT', limit: 100_000 }).length).toBe(20_000);
      expect(store.db.prepare("SELECT n FROM tick_counts WHERE symbol = 'BTCUSDT'").get()).toEqual({ n: 20_000 });
    } finally {
      store.close();
    }
  });

  it('imports many files at once, skips the ones imported before by content, and reports each', async () => {
    const db = join(dir, 'many.db');
    const files = [1, 2, 3].map((d) => join(dir, `ETHUSDT-aggTrades-2024-01-0${d}.csv`));
    for (const [k, f] of files.entries()) await writeAggTradesDump(f, { rows: 3_000, seed: 10 + k, startMs: Date.UTC(2024, 0, 1 + k), firstId: 10_000 * (k + 1) });
    const first = await tandem(['import', 'ticks', files[0]!, '--db', db, '--json']).done;
    expect(first.code).toBe(0);
    const run = await tandem(['import', 'ticks', ...files, '--db', db, '--json']).done;
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; skipped: boolean; inserted: number });
    expect(lines.map((l) => [l.file, l.skipped, l.inserted])).toEqual([
      [files[0], true, 0],
      [files[1], false, 3_000],
      [files[2], false, 3_000],
    ]);
    const store = SqliteStore.open(db);
    try {
      expect(store.ticks.queryTicksSync({ symbol: 'ETHUSDT', limit: 100_000 }).length).toBe(9_000);
      expectBarsMatchTicks(store, 'ETHUSDT');
    } finally {
      store.close();
    }
  });

  it('leaves the store exactly as before when killed with SIGKILL in the middle of a big import', async () => {
    const db = join(dir, 'kill.db');
    const small = join(dir, 'BTCUSDT-aggTrades-2023-12-31.csv');
    await writeAggTradesDump(small, { rows: 2_000, seed: 3, startMs: Date.UTC(2023, 11, 31), firstId: 1 });
    expect((await tandem(['import', 'ticks', small, '--db', db]).done).code).toBe(0);
    const store = SqliteStore.open(db);
    const before = snapshot(store, 'BTCUSDT');
    store.close();
    const big = join(dir, 'BTCUSDT-aggTrades-2024-01-01.csv');
    await writeAggTradesDump(big, { rows: 1_500_000, seed: 4 });
    const staging = join(dir, 'staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    const run = tandem(['import', 'ticks', big, '--db', db, '--json'], { TMPDIR: staging });
    // Mid-import: its staging file has grown past a few MB.
    await waitFor('a staging file past 8 MB', () => readdirSync(staging).some((f) => f.startsWith('tandem-import-') && statSync(join(staging, f)).size > 8 << 20), 60_000, 5);
    run.child.kill('SIGKILL');
    const exit = await run.done;
    expect(exit.signal).toBe('SIGKILL');
    expect(readdirSync(staging).filter((f) => f.startsWith('tandem-import-')).length).toBe(1);
    const after = SqliteStore.open(db);
    try {
      expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(snapshot(after, 'BTCUSDT')).toEqual(before);
    } finally {
      after.close();
    }
    // The next import clears what the killed one left, and imports the file whole.
    const again = await tandem(['import', 'ticks', big, '--db', db, '--json'], { TMPDIR: staging }).done;
    expect(JSON.parse(again.stdout)).toMatchObject({ skipped: false, inserted: 1_500_000 });
    expect(readdirSync(staging).filter((f) => f.startsWith('tandem-import-'))).toEqual([]);
    expect(existsSync(db)).toBe(true);
  }, 120_000);
});
