/**
 * The one contract every `MarketStores` adapter passes (STYLE.md habit 3): ticks de-duplicated
 * on `(symbol, tradeId)`, range queries at their edges, streamed reads, concurrent writers,
 * migrations from empty and from the previous version, bad rows rejected whole, bars replaced
 * by key, funding rates replaced by `(symbol, ts)`, and the alert store's rules. `sqlite-store.contract.test.ts` and
 * `postgres-store.contract.test.ts` run it, each with a harness that makes isolated stores.
 *
 * `STORE_CONTRACT_TICKS` sets the size of the streamed range (default 50,000).
 */
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../src/model/alert-rule.js';
import { downsampleBars } from '../../../src/bars/downsample.js';
import type { Bar } from '../../../src/model/bar.js';
import type { Tick, TickSource } from '../../../src/model/tick.js';
import type { NewAlertEvent } from '../../../src/store/alert-store.js';
import type { FundingRate } from '../../../src/store/funding-store.js';
import type { MarketStores } from '../../../src/store/market-stores.js';
import type { StrategyFillRow } from '../../../src/store/strategy-store.js';
import type { TickCursor } from '../../../src/store/tick-store.js';

/** One isolated store (a file, a schema) that can be opened any number of times. */
export interface StoreHandle {
  /** Opens a new connection to this store (migrating it as needed). */
  open(): Promise<MarketStores>;
  /** The schema version recorded in the store. */
  schemaVersion(): Promise<number>;
  /** Marks the store as written by a Tandem one version newer than this one. */
  markNewer(): Promise<void>;
}

export interface StoreHarness {
  /** The schema version this code writes. */
  readonly latestVersion: number;
  /** The version `createAtPreviousVersion` makes (default `latestVersion - 1`). */
  readonly previousVersion?: number;
  /** A new, empty store of its own (nothing created until the first open). */
  create(): Promise<StoreHandle>;
  /**
   * A new store at the schema version before the latest, holding `ticks` and `bars` written
   * by that version's own SQL.
   */
  createAtPreviousVersion(ticks: readonly Tick[], bars: readonly Bar[]): Promise<StoreHandle>;
}

const DAY = 86_400_000;
const T0 = 1_795_000_000_000; // 2026-11-18, so ticks span real daily partitions

export const tick = (symbol: string, tradeId: number, ts: number, price = 100, source: TickSource = 'binance'): Tick =>
  ({ symbol, tradeId, ts, price, qty: 0.25 + (tradeId % 7) / 8, buyerMaker: tradeId % 3 === 0, source }) as Tick;

export const bar = (symbol: string, tf: string, start: number, close: number): Bar =>
  ({ symbol, tf, start, open: close - 1, high: close + 2, low: close - 3, close, volume: 4.5, vwap: close - 0.5, trades: 6 }) as unknown as Bar;

const rule = (id: string, enabled = true, createdAt = 1): AlertRule => ({
  id,
  name: `rule ${id}`,
  type: 'zscore',
  params: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 20, threshold: 2, direction: 'outside' },
  severity: 'critical',
  enabled,
  cooldownMs: 0,
  hysteresis: 0.5,
  evaluateOn: 'final',
  webhookUrl: null,
  createdAt,
  updatedAt: createdAt,
});

const event = (ruleId: string, barStart: number, ts = barStart + 5): NewAlertEvent => ({
  ruleId,
  ruleName: `rule ${ruleId}`,
  ruleType: 'zscore',
  kind: 'above',
  severity: 'critical',
  subject: 'ETHUSDT/BTCUSDT 1s ols 20',
  value: 2.5,
  threshold: 2,
  ts,
  barStart,
  message: 'z went above +2',
  delivery: 'none',
});

/** Every tick of `symbol`, paged with `limit` through the cursor. */
async function pageAll(stores: MarketStores, symbol: string, limit: number, range: { from?: number; to?: number } = {}): Promise<Tick[]> {
  const out: Tick[] = [];
  let after: TickCursor | undefined;
  for (;;) {
    const page = await stores.ticks.queryTicks({ symbol, limit, ...range, ...(after === undefined ? {} : { after }) });
    out.push(...page);
    if (page.length < limit) return out;
    const last = page[page.length - 1]!;
    after = { ts: last.ts, tradeId: last.tradeId };
  }
}

const byKey = (a: Tick, b: Tick): number => a.ts - b.ts || a.tradeId - b.tradeId;

/** Runs the store contract against the stores `harness` makes. */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  const withStore = async (body: (stores: MarketStores, handle: StoreHandle) => Promise<void>): Promise<void> => {
    const handle = await harness.create();
    const stores = await handle.open();
    try {
      await body(stores, handle);
    } finally {
      await stores.close();
    }
  };

  describe(`${name}: ticks`, () => {
    it('finds the last taker trade of a side before a time, within a lookback (the touch of a paper fill)', async () => {
      await withStore(async (s) => {
        // buyerMaker is tradeId % 3 === 0: ids 3 and 6 are taker sells, the rest taker buys.
        await s.ticks.appendTicks([...[1, 2, 3, 4, 5, 6, 7].map((id) => tick('BTCUSDT', id, T0 + id * 1000, 100 + id)), tick('ETHUSDT', 3, T0 + 5500, 9)]);
        const last = async (before: number, since: number, buyerMaker: boolean): Promise<[number, number] | null> => {
          const t = await s.ticks.lastTakerTick({ symbol: 'BTCUSDT', before, since, buyerMaker });
          return t === null ? null : [t.tradeId, t.price];
        };
        expect(await last(T0 + 6000, T0, true)).toEqual([3, 103]); // `before` is exclusive
        expect(await last(T0 + 6001, T0, true)).toEqual([6, 106]);
        expect(await last(T0 + 6000, T0, false)).toEqual([5, 105]);
        expect(await last(T0 + 6000, T0 + 4000, true)).toBeNull(); // older than the lookback
        expect(await last(T0 + 1000, T0, false)).toBeNull();
        expect(await s.ticks.lastTakerTick({ symbol: 'SOLUSDT', before: T0 + 9000, since: T0, buyerMaker: false })).toBeNull();
      });
    });

    it('stores each (symbol, tradeId) once: duplicates within a batch and across batches are skipped and counted, the first delivery kept', async () => {
      await withStore(async (s) => {
        expect(await s.ticks.appendTicks([tick('BTCUSDT', 1, T0), tick('BTCUSDT', 2, T0 + 1), tick('BTCUSDT', 2, T0 + 1), tick('BTCUSDT', 3, T0 + 2)])).toEqual({ inserted: 3, duplicates: 1 });
        // Trade 2 re-delivered (with a different price, which must not overwrite); trade 4 twice in one batch;
        // trade 2 of another symbol is a different trade.
        expect(await s.ticks.appendTicks([tick('BTCUSDT', 2, T0 + 1, 999), tick('BTCUSDT', 4, T0 + 3), tick('BTCUSDT', 4, T0 + 3), tick('ETHUSDT', 2, T0 + 1)])).toEqual({ inserted: 2, duplicates: 2 });
        expect(await s.ticks.appendTicks([])).toEqual({ inserted: 0, duplicates: 0 });
        const stored = await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 });
        expect(stored).toEqual([tick('BTCUSDT', 1, T0), tick('BTCUSDT', 2, T0 + 1), tick('BTCUSDT', 3, T0 + 2), tick('BTCUSDT', 4, T0 + 3)]);
        expect(await s.ticks.tickCount()).toBe(5);
        expect(await s.ticks.symbolSummaries()).toEqual([
          { symbol: 'BTCUSDT', ticks: 4, firstTs: T0, lastTs: T0 + 3 },
          { symbol: 'ETHUSDT', ticks: 1, firstTs: T0 + 1, lastTs: T0 + 1 },
        ]);
      });
    });

    it('keeps every field of a tick exactly (doubles, ids beyond 2^32, the buyer-maker flag, the source)', async () => {
      await withStore(async (s) => {
        const ticks = [
          { ...tick('BTCUSDT', 5_000_000_123, T0), price: 0.1 + 0.2, qty: 1e-8, buyerMaker: true },
          { ...tick('BTCUSDT', 5_000_000_124, T0 + 1, 67_123.456789012, 'simulator'), qty: 123_456.789, buyerMaker: false },
          { ...tick('BTCUSDT', Number.MAX_SAFE_INTEGER, T0 + 2, 1e-7, 'import') },
        ] as Tick[];
        await s.ticks.appendTicks(ticks);
        expect(await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).toEqual(ticks);
      });
    });

    it('answers the last trade id per symbol, and per source when asked', async () => {
      await withStore(async (s) => {
        await s.ticks.appendTicks([tick('BTCUSDT', 10, T0, 1, 'binance'), tick('BTCUSDT', 12, T0 + 1, 1, 'binance'), tick('BTCUSDT', 900, T0 + 2, 1, 'simulator')]);
        await s.ticks.appendTicks([tick('BTCUSDT', 11, T0 + 3, 1, 'binance')]);
        expect(await s.ticks.lastTradeId('BTCUSDT')).toBe(900);
        expect(await s.ticks.lastTradeId('BTCUSDT', 'binance')).toBe(12);
        expect(await s.ticks.lastTradeId('BTCUSDT', 'replay')).toBeNull();
        expect(await s.ticks.lastTradeId('NOPEUSDT')).toBeNull();
      });
    });

    it('answers ranges with from inclusive and to exclusive, across days, and empty ranges and unknown symbols with nothing', async () => {
      await withStore(async (s) => {
        const ticks = [T0, T0 + 10, T0 + DAY - 1, T0 + DAY, T0 + 2 * DAY + 5].map((ts, i) => tick('BTCUSDT', i + 1, ts));
        await s.ticks.appendTicks(ticks);
        const ts = async (q: { from?: number; to?: number; limit?: number }): Promise<number[]> =>
          (await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: q.limit ?? 100, ...q })).map((t) => t.ts);
        expect(await ts({ from: T0 + 10, to: T0 + DAY })).toEqual([T0 + 10, T0 + DAY - 1]);
        expect(await ts({ from: T0 + DAY })).toEqual([T0 + DAY, T0 + 2 * DAY + 5]);
        expect(await ts({ to: T0 + 10 })).toEqual([T0]);
        expect(await ts({ from: T0 + 10, to: T0 + 10 })).toEqual([]);
        expect(await ts({ from: T0 + 3 * DAY })).toEqual([]);
        expect(await ts({ from: 0, to: T0 })).toEqual([]);
        expect(await ts({ limit: 2 })).toEqual([T0, T0 + 10]);
        expect(await s.ticks.queryTicks({ symbol: 'NOPEUSDT', limit: 10 })).toEqual([]);
        expect(await s.ticks.queryTicks({ symbol: 'btcusdt', limit: 10 })).toEqual([]);
        const streamed: Tick[] = [];
        for await (const b of s.ticks.streamTicks({ symbol: 'NOPEUSDT' })) streamed.push(...b);
        expect(streamed).toEqual([]);
      });
    });

    it('pages with the cursor without skipping or repeating, even when many ticks share a millisecond', async () => {
      await withStore(async (s) => {
        // 200 ticks, 10 a millisecond, trade ids descending in time so id order is not time order.
        const ticks = Array.from({ length: 200 }, (_, i) => tick('BTCUSDT', 10_000 - i, T0 + Math.floor(i / 10)));
        await s.ticks.appendTicks(ticks);
        const ordered = [...ticks].sort(byKey);
        for (const limit of [1, 7, 10, 199, 200, 1000]) expect(await pageAll(s, 'BTCUSDT', limit)).toEqual(ordered);
        // A cursor before `from` is overtaken by `from`; one after it wins.
        expect((await s.ticks.queryTicks({ symbol: 'BTCUSDT', from: T0 + 5, after: { ts: T0 + 1, tradeId: 0 }, limit: 3 })).map((t) => t.ts)).toEqual([T0 + 5, T0 + 5, T0 + 5]);
        const mid = ordered[55]!;
        expect(await s.ticks.queryTicks({ symbol: 'BTCUSDT', from: T0, after: { ts: mid.ts, tradeId: mid.tradeId }, to: T0 + 6, limit: 100 })).toEqual(ordered.slice(56, 60));
        expect(await pageAll(s, 'BTCUSDT', 3, { from: T0 + 3, to: T0 + 5 })).toEqual(ordered.slice(30, 50));
      });
    });

    it('streams a large range in order, in batches no larger than asked, and a sub-range exactly', async () => {
      const n = Number(process.env['STORE_CONTRACT_TICKS'] ?? 50_000);
      await withStore(async (s) => {
        // Two ticks a millisecond over ~2 days of sparse time, written in shuffled batches.
        const ticks = Array.from({ length: n }, (_, i) => tick('ETHUSDT', i + 1, T0 + Math.floor(i / 2) * 7_001, 2000 + (i % 50)));
        const shuffled = [...ticks].reverse();
        for (let i = 0; i < n; i += 10_000) await s.ticks.appendTicks(shuffled.slice(i, i + 10_000));
        await s.ticks.appendTicks([tick('BTCUSDT', 1, T0)]);
        let count = 0;
        let maxBatch = 0;
        let prev: Tick | null = null;
        let inOrder = true;
        let same = true;
        for await (const batch of s.ticks.streamTicks({ symbol: 'ETHUSDT' }, 4096)) {
          maxBatch = Math.max(maxBatch, batch.length);
          for (const t of batch) {
            if (prev !== null && byKey(prev, t) >= 0) inOrder = false;
            if (t.tradeId !== ticks[count]!.tradeId || t.price !== ticks[count]!.price) same = false;
            prev = t;
            count++;
          }
        }
        expect({ count, maxBatch, inOrder, same }).toEqual({ count: n, maxBatch: 4096, inOrder: true, same: true });
        const from = ticks[1000]!.ts;
        const to = ticks[3001]!.ts;
        const part: Tick[] = [];
        for await (const batch of s.ticks.streamTicks({ symbol: 'ETHUSDT', from, to }, 333)) part.push(...batch);
        expect(part).toEqual(ticks.filter((t) => t.ts >= from && t.ts < to));
      });
    });

    it('releases a stream that is left early, so many abandoned streams do not exhaust the store', async () => {
      await withStore(async (s) => {
        await s.ticks.appendTicks(Array.from({ length: 100 }, (_, i) => tick('BTCUSDT', i + 1, T0 + i)));
        for (let k = 0; k < 20; k++) {
          for await (const batch of s.ticks.streamTicks({ symbol: 'BTCUSDT' }, 10)) {
            expect(batch.length).toBe(10);
            break;
          }
        }
        expect(await s.ticks.tickCount()).toBe(100);
        expect((await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 1000 })).length).toBe(100);
      });
    });

    it('stores every tick once when several connections append overlapping batches at once', async () => {
      const handle = await harness.create();
      const writers = await Promise.all(Array.from({ length: 4 }, () => handle.open()));
      try {
        const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
        const all = symbols.flatMap((sym, k) => Array.from({ length: 3000 }, (_, i) => tick(sym, i + 1, T0 + i * 50 + k)));
        // Each writer sends overlapping windows of the same trades in its own order and batch size,
        // half through the live TickWriter (SQLite: a writer thread each), half through appendTicks.
        const results = await Promise.all(
          writers.map(async (w, k) => {
            const mine = all.filter((_, i) => (i + k) % 4 !== 0);
            if (k % 2 === 1) mine.reverse();
            const size = [257, 1000, 64, 4096][k]!;
            const writer = k % 2 === 0 ? w.openTickWriter() : null;
            let inserted = 0;
            let duplicates = 0;
            try {
              const batches = [];
              for (let i = 0; i < mine.length; i += size) batches.push(mine.slice(i, i + size));
              for (const b of batches) {
                const r = writer === null ? await w.ticks.appendTicks(b) : await writer.append(b);
                inserted += r.inserted;
                duplicates += r.duplicates;
              }
            } finally {
              await writer?.close();
            }
            return { inserted, duplicates, sent: mine.length };
          }),
        );
        const inserted = results.reduce((n, r) => n + r.inserted, 0);
        const sent = results.reduce((n, r) => n + r.sent, 0);
        expect(inserted).toBe(all.length);
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(sent - all.length);
        const reader = writers[0]!;
        expect(await reader.ticks.tickCount()).toBe(all.length);
        for (const sym of symbols) {
          const stored = await pageAll(reader, sym, 5000);
          expect(stored).toEqual(all.filter((t) => t.symbol === sym).sort(byKey));
        }
        expect((await reader.ticks.symbolSummaries()).map((x) => x.ticks)).toEqual([3000, 3000, 3000]);
      } finally {
        await Promise.all(writers.map((w) => w.close()));
      }
    });

    for (const [field, bad, pattern] of [
      ['price NaN', { price: Number.NaN }, /price/],
      ['negative price', { price: -1 }, /price/],
      ['zero price', { price: 0 }, /price/],
      ['negative qty', { qty: -0.5 }, /qty/],
      ['infinite qty', { qty: Number.POSITIVE_INFINITY }, /qty/],
      ['non-integer tradeId', { tradeId: 1.5 }, /tradeId/],
      ['negative tradeId', { tradeId: -3 }, /tradeId/],
      ['tradeId beyond 2^53', { tradeId: 2 ** 53 + 2 }, /tradeId/],
      ['empty symbol', { symbol: '' }, /symbol/],
      ['lower-case symbol', { symbol: 'btcusdt' }, /symbol/],
      ['fractional ts', { ts: T0 + 0.5 }, /ts/],
      ['NaN ts', { ts: Number.NaN }, /ts/],
      ['negative ts', { ts: -1 }, /ts/],
      ['ts beyond the year 9999', { ts: 253_402_300_800_000 }, /ts/],
    ] as const) {
      it(`rejects a batch with a ${field}, naming the row and field, and stores nothing of it`, async () => {
        await withStore(async (s) => {
          await s.ticks.appendTicks([tick('BTCUSDT', 1, T0)]);
          const batch = [tick('BTCUSDT', 2, T0 + 1), tick('ETHUSDT', 3, T0 + 2), { ...tick('BTCUSDT', 4, T0 + 3), ...bad } as Tick];
          const failure = await s.ticks.appendTicks(batch).then(
            () => null,
            (e: unknown) => e as Error & { code?: string },
          );
          expect(failure?.message).toMatch(pattern);
          expect(failure?.message).toMatch(/tick 2\b/);
          expect(failure?.code).toBe('invalid_tick');
          expect(await s.ticks.tickCount()).toBe(1);
          expect(await s.ticks.queryTicks({ symbol: 'ETHUSDT', limit: 10 })).toEqual([]);
          expect(await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).toEqual([tick('BTCUSDT', 1, T0)]);
          // The live writer refuses it the same way.
          const writer = s.openTickWriter();
          await expect(writer.append(batch)).rejects.toThrow(pattern);
          await writer.close();
          expect(await s.ticks.tickCount()).toBe(1);
        });
      });
    }

    it('answers ping while open and rejects it once closed (what readiness asks)', async () => {
      const handle = await harness.create();
      const stores = await handle.open();
      await expect(stores.ping()).resolves.toBeUndefined();
      await stores.close();
      await expect(stores.ping()).rejects.toThrow(/closed/);
    });

    it('keeps ticks, bars, counts and alert rules across a close and reopen', async () => {
      const handle = await harness.create();
      const first = await handle.open();
      await first.ticks.appendTicks([tick('BTCUSDT', 1, T0), tick('BTCUSDT', 2, T0 + DAY)]);
      await first.bars.upsertBars([bar('BTCUSDT', '1s', T0, 1)]);
      await first.alerts.saveRule(rule('a'));
      await first.close();
      await first.close(); // twice is fine
      const again = await handle.open();
      try {
        expect(await handle.schemaVersion()).toBe(harness.latestVersion);
        expect(await again.ticks.tickCount()).toBe(2);
        expect(await again.ticks.symbolSummaries()).toEqual([{ symbol: 'BTCUSDT', ticks: 2, firstTs: T0, lastTs: T0 + DAY }]);
        expect(await again.bars.barCount()).toBe(1);
        expect(await again.alerts.listRules()).toEqual([rule('a')]);
        expect(await again.ticks.appendTicks([tick('BTCUSDT', 2, T0 + DAY), tick('BTCUSDT', 3, T0 + DAY + 1)])).toEqual({ inserted: 1, duplicates: 1 });
      } finally {
        await again.close();
      }
    });
  });

  describe(`${name}: migrations`, () => {
    it('creates the latest schema from empty, and opening again (even two at once) changes nothing', async () => {
      const handle = await harness.create();
      const [a, b] = await Promise.all([handle.open(), handle.open()]);
      try {
        expect(await handle.schemaVersion()).toBe(harness.latestVersion);
        expect(await a.ticks.tickCount()).toBe(0);
        expect(await a.ticks.symbolSummaries()).toEqual([]);
        expect(await a.bars.symbols()).toEqual([]);
        expect(await a.alerts.listRules()).toEqual([]);
        await a.ticks.appendTicks([tick('BTCUSDT', 1, T0)]);
        expect(await b.ticks.tickCount()).toBe(1);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      const c = await handle.open();
      expect(await c.ticks.tickCount()).toBe(1);
      expect(await handle.schemaVersion()).toBe(harness.latestVersion);
      await c.close();
    });

    it('migrates a store of the previous version, keeping its ticks and bars, with counts and alerts working after', async () => {
      const ticks = [tick('BTCUSDT', 1, T0), tick('BTCUSDT', 2, T0 + 1, 101, 'simulator'), tick('ETHUSDT', 7, T0 + DAY)];
      const bars = [bar('BTCUSDT', '1s', T0, 100), bar('BTCUSDT', '1m', T0, 101)];
      const handle = await harness.createAtPreviousVersion(ticks, bars);
      expect(await handle.schemaVersion()).toBe(harness.previousVersion ?? harness.latestVersion - 1);
      const s = await handle.open();
      try {
        expect(await handle.schemaVersion()).toBe(harness.latestVersion);
        expect(await s.ticks.queryTicks({ symbol: 'BTCUSDT', limit: 10 })).toEqual(ticks.slice(0, 2));
        expect(await s.ticks.tickCount()).toBe(3);
        expect(await s.ticks.symbolSummaries()).toEqual([
          { symbol: 'BTCUSDT', ticks: 2, firstTs: T0, lastTs: T0 + 1 },
          { symbol: 'ETHUSDT', ticks: 1, firstTs: T0 + DAY, lastTs: T0 + DAY },
        ]);
        expect(await s.ticks.lastTradeId('BTCUSDT', 'binance')).toBe(1);
        expect(await s.ticks.appendTicks([tick('BTCUSDT', 2, T0 + 1), tick('BTCUSDT', 3, T0 + 2)])).toEqual({ inserted: 1, duplicates: 1 });
        expect(await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', limit: 10 })).toEqual([bars[1]]);
        await s.alerts.saveRule(rule('a'));
        expect(await s.alerts.listRules()).toEqual([rule('a')]);
        await s.funding.upsertFunding([{ symbol: 'BTCUSDT', ts: T0, rate: 0.0001, markPrice: 100 }]);
        expect(await s.funding.queryFunding({ symbol: 'BTCUSDT', limit: 10 })).toEqual([{ symbol: 'BTCUSDT', ts: T0, rate: 0.0001, markPrice: 100 }]);
      } finally {
        await s.close();
      }
    });

    it('refuses a store written by a newer schema instead of guessing', async () => {
      const handle = await harness.create();
      await (await handle.open()).close();
      await handle.markNewer();
      await expect(handle.open()).rejects.toThrow(/newer than this Tandem/);
    });
  });

  describe(`${name}: bars`, () => {
    it('replaces a bar written again for the same key, the last of a batch winning, and answers ranges by start', async () => {
      await withStore(async (s) => {
        await s.bars.upsertBars([bar('BTCUSDT', '1s', 0, 1), bar('BTCUSDT', '1s', 1000, 2), bar('BTCUSDT', '1s', 2000, 3), bar('BTCUSDT', '1m', 0, 9)]);
        await s.bars.upsertBars([bar('BTCUSDT', '1s', 1000, 7), bar('BTCUSDT', '1s', 3000, 4), bar('BTCUSDT', '1s', 3000, 5)], 'import');
        await s.bars.upsertBars([]);
        const closes = async (q: { from?: number; to?: number; afterStart?: number; limit?: number }): Promise<[number, number][]> =>
          (await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: q.limit ?? 100, ...q })).map((b) => [b.start, b.close]);
        expect(await closes({})).toEqual([[0, 1], [1000, 7], [2000, 3], [3000, 5]]);
        expect(await closes({ from: 1000, to: 3000 })).toEqual([[1000, 7], [2000, 3]]);
        expect(await closes({ afterStart: 1000, limit: 1 })).toEqual([[2000, 3]]);
        expect(await closes({ from: 5000 })).toEqual([]);
        expect(await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', limit: 10 })).toEqual([bar('BTCUSDT', '1m', 0, 9)]);
        expect(await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '5m', limit: 10 })).toEqual([]);
        expect(await s.bars.barCount()).toBe(5);
        await s.bars.upsertBars([bar('ETHUSDT', '1s', 0, 1), bar('ADAUSDT', '1m', 0, 1)]);
        expect(await s.bars.symbols()).toEqual(['ADAUSDT', 'BTCUSDT', 'ETHUSDT']);
        expect(await s.bars.latestStart('BTCUSDT', '1s')).toBe(3000);
        expect(await s.bars.latestStart('BTCUSDT', '1m')).toBe(0);
        expect(await s.bars.latestStart('BTCUSDT', '5m')).toBeNull();
        expect(await s.bars.latestStart('XRPUSDT', '1s')).toBeNull();
        expect(await s.bars.earliestStart('BTCUSDT', '1s')).toBe(0);
        expect(await s.bars.earliestStart('ETHUSDT', '1s')).toBe(0);
        expect(await s.bars.earliestStart('BTCUSDT', '5m')).toBeNull();
      });
    });

    it('answers the starts and closes of queryBars as columns, over many pages and up to the limit', async () => {
      await withStore(async (s) => {
        const many = Array.from({ length: 10_000 }, (_, i) => bar('BTCUSDT', '1s', T0 + i * 1000, 100 + (i % 97) / 8));
        await s.bars.upsertBars(many);
        const q = { symbol: 'BTCUSDT', tf: '1s', from: T0 + 1000, to: T0 + 9_500_000, limit: 9_000 };
        const rows = await s.bars.queryBars(q);
        const cols = await s.bars.queryCloses(q);
        expect(rows).toHaveLength(9_000);
        expect(Array.from(cols.start)).toEqual(rows.map((b) => b.start));
        expect(Array.from(cols.close)).toEqual(rows.map((b) => b.close));
        const none = await s.bars.queryCloses({ ...q, from: T0 + 20_000_000 });
        expect([none.start.length, none.close.length]).toEqual([0, 0]);
      });
    });

    it('buckets stored bars in the database exactly as BarDownsampler does', async () => {
      await withStore(async (s) => {
        // 600 1 s bars with gaps, varied prices and volumes (one bucket with no volume at all).
        const bars: Bar[] = [];
        for (let i = 0; i < 900; i++) {
          if (i % 7 === 3 || (i >= 400 && i < 460)) continue;
          const c = 100 + Math.sin(i / 9) * 5 + (i % 5);
          const volume = i >= 600 && i < 660 ? 0 : 1 + (i % 11) * 0.25;
          bars.push({ ...bar('BTCUSDT', '1s', 1_700_000_000_000 + i * 1000, c), open: c - 0.3, high: c + 0.7 + (i % 3), low: c - 0.9 - (i % 4), volume, vwap: c + 0.1, trades: i % 9 } as unknown as Bar);
        }
        await s.bars.upsertBars(bars);
        await s.bars.upsertBars([bar('ETHUSDT', '1s', 1_700_000_000_000, 1)]);
        for (const width of [1000, 7000, 60_000, 300_000]) {
          for (const range of [{}, { from: 1_700_000_000_000 + 95_000, to: 1_700_000_000_000 + 700_500 }]) {
            const expected = downsampleBars((await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: 10_000, ...range })), width);
            const got = await s.bars.bucketBars({ symbol: 'BTCUSDT', tf: '1s', ...range }, width);
            expect(got.map((b) => [b.symbol, b.tf, b.start, b.open, b.high, b.low, b.close, b.trades])).toEqual(expected.map((b) => [b.symbol, b.tf, b.start, b.open, b.high, b.low, b.close, b.trades]));
            got.forEach((b, i) => {
              expect(b.volume).toBeCloseTo(expected[i]!.volume, 9);
              expect(b.vwap).toBeCloseTo(expected[i]!.vwap, 9);
            });
          }
        }
        expect(await s.bars.bucketBars({ symbol: 'BTCUSDT', tf: '1m' }, 60_000)).toEqual([]);
      });
    });

    it('writes a kline or simulated bar only where no bar from ticks or an import exists, and lets a bar from ticks replace it', async () => {
      await withStore(async (s) => {
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 0, 1)]);
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 60_000, 2)], 'ohlc');
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 0, 10), bar('BTCUSDT', '1m', 60_000, 20), bar('BTCUSDT', '1m', 120_000, 30), bar('BTCUSDT', '1m', 180_000, 40)], 'klines');
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 120_000, 31)], 'simulated');
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 180_000, 4)], 'live');
        await s.bars.upsertBars([bar('BTCUSDT', '1m', 180_000, 41)], 'klines');
        const closes = (await s.bars.queryBars({ symbol: 'BTCUSDT', tf: '1m', limit: 10 })).map((b) => [b.start, b.close]);
        expect(closes).toEqual([[0, 1], [60_000, 2], [120_000, 31], [180_000, 4]]);
      });
    });
  });

  describe(`${name}: paper strategies`, () => {
    const fill = (time: number, kind: 'entry' | 'exit', priceY = 2000.5): StrategyFillRow => ({
      strategyId: 's-1', time, kind, side: 'long', signalTime: time - 60_000, priceY, priceX: 30_000.25, qtyY: kind === 'entry' ? 2.5 : -2.5, qtyX: kind === 'entry' ? -0.1 : 0.1,
      reason: kind === 'exit' ? 'flip' : null, netPnl: kind === 'exit' ? -12.375 : null, publishedAt: T0 + 5,
    });

    it('keeps a strategy\'s request, state and times, and patches only what is given', async () => {
      await withStore(async (s) => {
        const row = { id: 's-1', request: { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', entry: 2, exit: 0.5, stop: null }, state: 'running' as const, startedAt: T0, warmupFrom: T0 - 2_280_000, stoppedAt: null, lastBarStart: null, flattens: [] };
        await s.strategies.createStrategy(row);
        expect(await s.strategies.getStrategy('s-1')).toEqual(row);
        expect(await s.strategies.getStrategy('nope')).toBeNull();
        await s.strategies.updateStrategy('s-1', { lastBarStart: T0 + 60_000, flattens: [T0] });
        await s.strategies.updateStrategy('s-1', { state: 'stopped', stoppedAt: T0 + 120_000 });
        expect(await s.strategies.listStrategies()).toEqual([{ ...row, lastBarStart: T0 + 60_000, flattens: [T0], state: 'stopped', stoppedAt: T0 + 120_000 }]);
      });
    });

    it('stores a fill once by (strategy, time, kind), answers only the fills inserted, and lists exits before entries at one time', async () => {
      await withStore(async (s) => {
        await s.strategies.createStrategy({ id: 's-1', request: {}, state: 'running', startedAt: T0, warmupFrom: T0, stoppedAt: null, lastBarStart: null, flattens: [] });
        expect(await s.strategies.insertFills([fill(T0 + 60_000, 'entry'), fill(T0 + 120_000, 'exit')])).toHaveLength(2);
        const again = await s.strategies.insertFills([fill(T0 + 120_000, 'exit', 1), fill(T0 + 120_000, 'entry')]);
        expect(again).toEqual([fill(T0 + 120_000, 'entry')]);
        expect(await s.strategies.insertFills([])).toEqual([]);
        expect(await s.strategies.queryFills('s-1')).toEqual([fill(T0 + 60_000, 'entry'), fill(T0 + 120_000, 'exit'), fill(T0 + 120_000, 'entry')]);
        expect(await s.strategies.queryFills('other')).toEqual([]);
      });
    });
  });

  describe(`${name}: funding rates`, () => {
    const H8 = 8 * 3_600_000;
    const fr = (symbol: string, ts: number, rate: number, markPrice = 100 + ts / H8): FundingRate => ({ symbol, ts, rate, markPrice });

    it('replaces a rate written again for the same (symbol, ts), the last of a batch winning, and answers ranges by ts', async () => {
      await withStore(async (s) => {
        await s.funding.upsertFunding([fr('BTCUSDT', T0, 0.0001), fr('BTCUSDT', T0 + H8, -0.00025), fr('BTCUSDT', T0 + 2 * H8, 0.0003), fr('ETHUSDT', T0, 0.0002)]);
        await s.funding.upsertFunding([fr('BTCUSDT', T0 + H8, 0.0005, 91_250.125), fr('BTCUSDT', T0 + 3 * H8, 1), fr('BTCUSDT', T0 + 3 * H8, -0.000_012_34)]);
        await s.funding.upsertFunding([]);
        const rows = async (q: { from?: number; to?: number; limit?: number }): Promise<[number, number, number][]> =>
          (await s.funding.queryFunding({ symbol: 'BTCUSDT', limit: q.limit ?? 100, ...q })).map((r) => [r.ts, r.rate, r.markPrice]);
        expect(await rows({})).toEqual([[T0, 0.0001, 100 + T0 / H8], [T0 + H8, 0.0005, 91_250.125], [T0 + 2 * H8, 0.0003, 100 + T0 / H8 + 2], [T0 + 3 * H8, -0.000_012_34, 100 + T0 / H8 + 3]]);
        expect((await rows({ from: T0 + H8, to: T0 + 3 * H8 })).map((r) => r[0])).toEqual([T0 + H8, T0 + 2 * H8]);
        expect((await rows({ limit: 1 })).map((r) => r[0])).toEqual([T0]);
        expect(await rows({ from: T0 + 4 * H8 })).toEqual([]);
        expect(await s.funding.queryFunding({ symbol: 'XRPUSDT', limit: 10 })).toEqual([]);
        expect(await s.funding.queryFunding({ symbol: 'ETHUSDT', limit: 10 })).toEqual([{ symbol: 'ETHUSDT', ts: T0, rate: 0.0002, markPrice: 100 + T0 / H8 }]);
      });
    });

    it('keeps a missing mark price as NaN, and refuses a batch with a bad row whole, naming it', async () => {
      await withStore(async (s) => {
        await s.funding.upsertFunding([fr('BTCUSDT', T0, 0.0001, Number.NaN)]);
        expect((await s.funding.queryFunding({ symbol: 'BTCUSDT', limit: 10 }))[0]!.markPrice).toBeNaN();
        await expect(s.funding.upsertFunding([fr('BTCUSDT', T0 + H8, 0.0001), fr('BTCUSDT', T0 + 2 * H8, Number.NaN)])).rejects.toThrow("funding 1 (BTCUSDT): rate is not a finite number (NaN)");
        await expect(s.funding.upsertFunding([fr('btcusdt', T0 + H8, 0.0001)])).rejects.toThrow(/funding 0 \(btcusdt\): symbol/);
        await expect(s.funding.upsertFunding([fr('BTCUSDT', T0 + 0.5, 0.0001)])).rejects.toThrow(/ts is not whole epoch ms/);
        await expect(s.funding.upsertFunding([fr('BTCUSDT', T0 + H8, 0.0001, -5)])).rejects.toThrow(/markPrice/);
        expect(await s.funding.queryFunding({ symbol: 'BTCUSDT', limit: 10 })).toHaveLength(1);
      });
    });
  });

  describe(`${name}: alerts`, () => {
    it('stores an event once: the same rule, bar, kind and subject again is ignored', async () => {
      await withStore(async (s) => {
        await s.alerts.saveRule(rule('a'));
        const first = await s.alerts.insertEvent(event('a', 1000));
        expect(first?.id).toBeGreaterThan(0);
        expect(first).toEqual({ ...event('a', 1000), id: first!.id, deliveryError: null });
        expect(await s.alerts.insertEvent(event('a', 1000, 9999))).toBeNull();
        expect(await s.alerts.insertEvent({ ...event('a', 1000), kind: 'below' })).not.toBeNull();
        expect(await s.alerts.insertEvent(event('a', 2000))).not.toBeNull();
        // One rule, one time, two subjects (a strategy_fill rule of any strategy, two strategies filling together): two events.
        expect(await s.alerts.insertEvent({ ...event('a', 2000), subject: 'strategy s-2' })).not.toBeNull();
        expect(await s.alerts.insertEvent({ ...event('a', 2000), subject: 'strategy s-2' })).toBeNull();
        expect((await s.alerts.queryEvents({ limit: 10 })).length).toBe(4);
        expect((await s.alerts.ruleStats()).get('a')?.firings).toBe(4);
      });
    });

    it('stores no event for a rule that is not stored: a deleted rule fires no more', async () => {
      await withStore(async (s) => {
        expect(await s.alerts.insertEvent(event('never', 1000))).toBeNull();
        await s.alerts.saveRule(rule('a'));
        expect(await s.alerts.insertEvent(event('a', 1000))).not.toBeNull();
        expect(await s.alerts.deleteRule('a')).toBe(true);
        expect(await s.alerts.insertEvent(event('a', 2000))).toBeNull();
        expect((await s.alerts.queryEvents({ limit: 10 })).map((e) => [e.ruleId, e.barStart])).toEqual([['a', 1000]]);
      });
    });

    it('saves, replaces, lists in creation order and deletes rules; events outlive their rule and keep a NaN value', async () => {
      const handle = await harness.create();
      const s = await handle.open();
      await s.alerts.saveRule(rule('b', true, 2));
      await s.alerts.saveRule(rule('a', false, 1));
      await s.alerts.saveRule({ ...rule('b', true, 2), name: 'renamed', updatedAt: 5 });
      await s.alerts.insertEvent({ ...event('a', 1000), value: Number.NaN });
      await s.close();
      const again = await handle.open();
      try {
        expect(await again.alerts.listRules()).toEqual([rule('a', false, 1), { ...rule('b', true, 2), name: 'renamed', updatedAt: 5 }]);
        expect(await again.alerts.getRule('b')).toMatchObject({ name: 'renamed' });
        expect(await again.alerts.getRule('zzz')).toBeNull();
        expect(await again.alerts.deleteRule('a')).toBe(true);
        expect(await again.alerts.deleteRule('a')).toBe(false);
        const [e] = await again.alerts.queryEvents({ limit: 10 });
        expect(e).toMatchObject({ ruleId: 'a', barStart: 1000, kind: 'above', threshold: 2, delivery: 'none', deliveryError: null });
        expect(e!.value).toBeNaN();
      } finally {
        await again.close();
      }
    });

    it('filters and pages events by time, rule and severity, in either order, without skipping or repeating', async () => {
      await withStore(async (s) => {
        await s.alerts.saveRule(rule('a'));
        await s.alerts.saveRule(rule('b'));
        for (let i = 0; i < 25; i++) await s.alerts.insertEvent({ ...event(i % 2 === 0 ? 'a' : 'b', i * 1000, 100 * Math.floor(i / 5)), severity: i % 3 === 0 ? 'info' : 'critical' });
        for (const order of ['asc', 'desc'] as const) {
          const seen: number[] = [];
          let after: { ts: number; id: number } | undefined;
          for (;;) {
            const page = await s.alerts.queryEvents({ limit: 4, order, ...(after ? { after } : {}) });
            seen.push(...page.map((e) => e.id));
            if (page.length < 4) break;
            after = { ts: page[3]!.ts, id: page[3]!.id };
          }
          expect(new Set(seen).size).toBe(25);
          expect(seen).toEqual(order === 'asc' ? [...seen].sort((x, y) => x - y) : [...seen].sort((x, y) => y - x));
        }
        expect((await s.alerts.queryEvents({ limit: 100, ruleId: 'a' })).length).toBe(13);
        expect((await s.alerts.queryEvents({ limit: 100, severity: 'info' })).length).toBe(9);
        expect((await s.alerts.queryEvents({ limit: 100, from: 100, to: 300 })).length).toBe(10);
        expect((await s.alerts.queryEvents({ limit: 3, order: 'desc', ruleId: 'b', from: 100 })).map((e) => e.barStart)).toEqual([23000, 21000, 19000]);
      });
    });

    it('records a failed delivery on the event and on the rule', async () => {
      await withStore(async (s) => {
        await s.alerts.saveRule(rule('a'));
        await s.alerts.saveRule(rule('quiet'));
        const e = await s.alerts.insertEvent({ ...event('a', 1000), delivery: 'pending' });
        await s.alerts.recordDelivery(e!.id, 'a', 'failed', 'HTTP 500 after 3 attempts', 42);
        expect((await s.alerts.queryEvents({ limit: 1 }))[0]).toMatchObject({ delivery: 'failed', deliveryError: 'HTTP 500 after 3 attempts' });
        const stats = await s.alerts.ruleStats();
        expect(stats.get('a')).toEqual({ firings: 1, lastFiredAt: 1005, deliveriesFailed: 1, lastDeliveryError: 'HTTP 500 after 3 attempts', lastDeliveryErrorAt: 42 });
        expect(stats.get('quiet')).toEqual({ firings: 0, lastFiredAt: null, deliveriesFailed: 0, lastDeliveryError: null, lastDeliveryErrorAt: null });
        await s.alerts.recordDelivery(e!.id, 'a', 'delivered', null, 50);
        expect((await s.alerts.queryEvents({ limit: 1 }))[0]).toMatchObject({ delivery: 'delivered', deliveryError: null });
        expect((await s.alerts.ruleStats()).get('a')?.deliveriesFailed).toBe(1);
      });
    });
  });
}
