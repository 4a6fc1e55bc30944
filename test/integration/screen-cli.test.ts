/**
 * `tandem screen` (the built CLI) on a stored universe: the same ranking as `GET /api/screener`
 * computes (`runScreener`), as JSON and as a table, and exit 2 naming a bad flag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticUniverse } from '../../src/cli/bench/screener-universe.js';
import { epochMs, price, qty } from '../../src/core/brand.js';
import { parseScreenerParams } from '../../src/engine/screener-params.js';
import { runScreener } from '../../src/jobs/screener-job.js';
import type { Bar } from '../../src/model/bar.js';
import type { Timeframe } from '../../src/model/timeframe.js';
import { toScreenerRankingDto } from '../../src/server/screener-dto.js';
import { SqliteMarketStores } from '../../src/store/sqlite/sqlite-market-stores.js';
import { REPO_ROOT } from '../helpers/golden.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-screen-cli-'));
const db = join(dir, 'tandem.db');
const u = syntheticUniverse(6, 700, 1, 5);
const tandem = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), 'screen', '--db', db, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

beforeAll(async () => {
  const stores = await SqliteMarketStores.open(db);
  const bars: Bar[] = [];
  u.symbols.forEach((symbol, s) => {
    for (let t = 0; t < u.starts.length; t++) {
      const v = price(u.closes[s]![t]!);
      bars.push({ symbol, tf: '1m' as Timeframe, start: epochMs(u.starts[t]!), open: v, high: v, low: v, close: v, volume: qty(10), vwap: v, trades: 1 });
    }
  });
  await stores.bars.upsertBars(bars, 'ohlc');
  await stores.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tandem screen', () => {
  it('prints the ranking GET /api/screener computes, with --json', async () => {
    const run = tandem('--lookback', '500', '--min-corr', '0', '--limit', '5', '--json', '--threads', '2');
    expect(run.status, String(run.stderr)).toBe(0);
    const got = JSON.parse(String(run.stdout)) as { items: { y: string; x: string }[] };
    const stores = await SqliteMarketStores.open(db);
    try {
      const { params, tf } = parseScreenerParams({ lookback: 500, minCorr: 0, limit: 5 });
      expect(got).toEqual(toScreenerRankingDto(await runScreener(null, stores, [tf], tf, params)));
    } finally {
      await stores.close();
    }
    // The planted pair on top, in whichever orientation tests lower.
    expect([got.items[0]!.y, got.items[0]!.x].sort()).toEqual(u.planted[0]!.split('/').sort());
  });

  it('prints a table without --json', () => {
    const run = tandem('--lookback', '500', '--limit', '3', '--threads', '0');
    expect(run.status, String(run.stderr)).toBe(0);
    expect(String(run.stdout)).toMatch(/6 symbols, \d+ pairs tested, 500 × 1m bars \(log prices\)/);
    const [a, b] = u.planted[0]!.split('/') as [string, string];
    expect(String(run.stdout)).toMatch(new RegExp(`\\n1  (${a}  ${b}|${b}  ${a}) `));
  });

  it('exits 2 naming the flag', () => {
    const run = tandem('--min-corr', '1.5');
    expect(run.status).toBe(2);
    expect(String(run.stderr)).toMatch(/^tandem screen: --min-corr: '1.5' is not a number in \[0, 1\]/);
  });
});
