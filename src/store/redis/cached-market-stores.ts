/**
 * `CachedMarketStores`: any `MarketStores` with the Redis hot cache in front of its range
 * reads. `queryTicks` and `queryBars` are answered from the cache when it covers the whole
 * request, else from the store; bars written through it (live finals, revisions, imports) go
 * to both. Ticks reach the cache from the live path (`cache.pushTicks`), not from here: a
 * direct `appendTicks` (an import) instead ends the symbol's tick coverage, since it may add
 * ticks inside the covered range that the live path never saw.
 * @module
 */

import type { Clock } from '../../core/clock.js';
import { closeColumnsOf, type Bar } from '../../model/bar.js';
import type { Tick } from '../../model/tick.js';
import { bucketStart, type TimeframeSpec } from '../../model/timeframe.js';
import type { BarRangeQuery, BarSource, BarStore } from '../bar-store.js';
import type { MarketStores } from '../market-stores.js';
import type { AppendResult, TickRangeQuery, TickStore } from '../tick-store.js';
import type { RedisHotCache } from './redis-hot-cache.js';

/** Most symbols whose bars are warmed at start. */
const MAX_WARM_SYMBOLS = 500;

export class CachedMarketStores implements MarketStores {
  readonly ticks: TickStore;
  readonly bars: BarStore;

  constructor(
    /** The durable stores behind the cache. */
    readonly inner: MarketStores,
    readonly cache: RedisHotCache,
    /** Releases what the cache holds (its connection), after the cache has flushed. */
    private readonly release: () => Promise<void> = () => Promise.resolve(),
  ) {
    const ticks = inner.ticks;
    const bars = inner.bars;
    this.ticks = {
      queryTicks: async (q: TickRangeQuery): Promise<Tick[]> => (await cache.queryTicks(q)) ?? ticks.queryTicks(q),
      appendTicks: async (batch: readonly Tick[]): Promise<AppendResult> => {
        const r = await ticks.appendTicks(batch);
        await cache.forgetTicks([...new Set(batch.map((t) => t.symbol))]);
        return r;
      },
      streamTicks: (q, batchSize) => ticks.streamTicks(q, batchSize),
      lastTradeId: (symbol, source) => ticks.lastTradeId(symbol, source),
      lastTakerTick: (q) => ticks.lastTakerTick(q),
      symbolSummaries: () => ticks.symbolSummaries(),
      tickCount: () => ticks.tickCount(),
    };
    this.bars = {
      queryBars: async (q: BarRangeQuery): Promise<Bar[]> => (await cache.queryBars(q)) ?? bars.queryBars(q),
      queryCloses: async (q: BarRangeQuery) => {
        const hot = await cache.queryBars(q);
        return hot === null ? bars.queryCloses(q) : closeColumnsOf(hot);
      },
      upsertBars: async (batch: readonly Bar[], source?: BarSource): Promise<void> => {
        await bars.upsertBars(batch, source);
        cache.pushBars(batch);
      },
      barCount: () => bars.barCount(),
      symbols: () => bars.symbols(),
      latestStart: (symbol, tf) => bars.latestStart(symbol, tf),
      earliestStart: (symbol, tf) => bars.earliestStart(symbol, tf),
      bucketBars: (q, widthMs) => bars.bucketBars(q, widthMs),
    };
  }

  get kind(): MarketStores['kind'] {
    return this.inner.kind;
  }
  get alerts(): MarketStores['alerts'] {
    return this.inner.alerts;
  }
  /** Funding rates are few (three a day a symbol) and read a range at a time: not cached. */
  get funding(): MarketStores['funding'] {
    return this.inner.funding;
  }
  /** Paper strategies: a few rows, written by this server only: not cached. */
  get strategies(): MarketStores['strategies'] {
    return this.inner.strategies;
  }
  get info(): MarketStores['info'] {
    return this.inner.info;
  }
  openTickWriter(): ReturnType<MarketStores['openTickWriter']> {
    return this.inner.openTickWriter();
  }

  /** The durable store's answer; the cache has its own probe (`cache.ping()`). */
  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    await this.cache.close();
    await this.release();
    await this.inner.close();
  }
}

/**
 * Warms the cache with the last `barsPerSeries` stored bars of every symbol and stored
 * timeframe (coverage from the first of them), for `CachedMarketStores` to serve.
 */
export async function warmBars(inner: MarketStores, cache: RedisHotCache, timeframes: readonly TimeframeSpec[], clock: Clock, barsPerSeries: number): Promise<void> {
  const now = clock.now();
  for (const symbol of (await inner.bars.symbols()).slice(0, MAX_WARM_SYMBOLS)) {
    for (const tf of timeframes) {
      let from = bucketStart(now, tf.ms) - barsPerSeries * tf.ms;
      let bars = await inner.bars.queryBars({ symbol, tf: tf.label, from, limit: barsPerSeries + 1 });
      if (bars.length > barsPerSeries) {
        // More than fit: keep the newest, and cover from the first kept.
        const all: Bar[] = [];
        for (let after: number | undefined = undefined; ; ) {
          const page = await inner.bars.queryBars({ symbol, tf: tf.label, from, limit: 10_000, ...(after === undefined ? {} : { afterStart: after }) });
          all.push(...page);
          if (page.length < 10_000) break;
          after = page[page.length - 1]!.start;
        }
        bars = all.slice(-barsPerSeries);
        from = bars[0]!.start;
      }
      await cache.warmBars(symbol, tf.label, from, bars);
    }
  }
}
