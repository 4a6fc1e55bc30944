import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { SymbolQuality } from '../../ingest/market-data-source.js';
import { registerFeedMetrics } from './feed-metrics.js';

const quality = (symbol: string, gapsDetected: number, reconnects: number, lagP99Ms: number | null): SymbolQuality => ({
  symbol,
  state: 'live',
  messagesPerSecond: 10,
  lagP50Ms: lagP99Ms,
  lagP99Ms,
  gapsDetected,
  tradesRefilled: 0,
  duplicatesDropped: 0,
  tradesUnrecovered: 0,
  malformedFrames: 0,
  reconnects,
  lastReconnectReason: null,
});

/** The values of one metric by its `symbol` label, as a scrape would read them. */
async function bySymbol(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const out: Record<string, number> = {};
  for (const v of (await metric.get()).values) out[String(v.labels['symbol'])] = v.value;
  return out;
}

describe('registerFeedMetrics', () => {
  it('turns the feed totals into counters that keep rising across a source restart', async () => {
    const registry = new Registry();
    let feeds: SymbolQuality[] = [];
    registerFeedMetrics(registry, () => feeds);
    const read = async (): Promise<[Record<string, number>, Record<string, number>]> => [
      await bySymbol(registry, 'tandem_feed_gaps_detected_total'),
      await bySymbol(registry, 'tandem_feed_reconnects_total'),
    ];
    feeds = [quality('BTCUSDT', 2, 1, 80)];
    expect(await read()).toEqual([{ BTCUSDT: 2 }, { BTCUSDT: 1 }]);
    feeds = [quality('BTCUSDT', 5, 1, 80)];
    expect(await read()).toEqual([{ BTCUSDT: 5 }, { BTCUSDT: 1 }]);
    // A new source counts from zero again: what it counts is added, the counters do not fall.
    feeds = [quality('BTCUSDT', 1, 0, 80)];
    expect(await read()).toEqual([{ BTCUSDT: 6 }, { BTCUSDT: 1 }]);
    feeds = [quality('BTCUSDT', 1, 2, 80)];
    expect(await read()).toEqual([{ BTCUSDT: 6 }, { BTCUSDT: 3 }]);
  });

  it('shows the lag p99 in seconds only for symbols the feed reports now', async () => {
    const registry = new Registry();
    let feeds: SymbolQuality[] = [quality('BTCUSDT', 0, 0, 250), quality('ETHUSDT', 0, 0, null)];
    registerFeedMetrics(registry, () => Promise.resolve(feeds));
    expect(await bySymbol(registry, 'tandem_feed_lag_p99_seconds')).toEqual({ BTCUSDT: 0.25 });
    feeds = [quality('ETHUSDT', 0, 0, 40)];
    expect(await bySymbol(registry, 'tandem_feed_lag_p99_seconds')).toEqual({ ETHUSDT: 0.04 });
  });
});
