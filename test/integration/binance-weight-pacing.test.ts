/**
 * The REST client paces by Binance's per-minute weight (X-MBX-USED-WEIGHT-1M) rather than
 * bursting into 429: above its threshold it spreads calls out, and a call that would take the
 * IP past 95 % of the limit waits for the next minute, which is what lets 300 symbols' start
 * points and klines through one budget. The clock and the sleep are the test's, the exchange is
 * the fake Binance on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { BinanceRestClient } from '../../src/ingest/binance/binance-rest-client.js';

let fake: FakeBinance | null = null;
afterEach(async () => {
  await fake?.stop();
  fake = null;
});

function client(baseUrl: string, at: { now: number }, sleeps: number[]): BinanceRestClient {
  return new BinanceRestClient({
    baseUrl,
    now: () => at.now,
    // The test's clock moves on by the sleep: sleeps begun together end together.
    sleep: (ms) => {
      sleeps.push(ms);
      const until = at.now + ms;
      return Promise.resolve().then(() => {
        at.now = Math.max(at.now, until);
      });
    },
  });
}

describe('BinanceRestClient weight pacing', () => {
  it('waits for the next minute before a call that would pass 95 % of the limit', async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT'], paused: true });
    // 10 s into a minute; another client on the IP has used 2,270 of 2,400.
    const at = { now: 1_800_000_000_000 - (1_800_000_000_000 % 60_000) + 10_000 };
    const sleeps: number[] = [];
    const c = client(fake.restBaseUrl, at, sleeps);
    fake.reportRestWeight(2270, 1);
    await c.latestTradeId('BTCUSDT');
    expect(c.weightUsed()).toBe(2270);
    const calls = fake.stats().restCalls;
    await c.latestTradeId('BTCUSDT');
    // 50 s to the minute, and a margin.
    expect(sleeps).toEqual([50_250]);
    expect(fake.stats().restCalls).toBe(calls + 1);
    expect(fake.stats().rest429Served).toBe(0);
  });

  it('pauses between the threshold and the limit, and not at all once the minute has turned', async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT'], paused: true });
    const at = { now: 1_800_000_000_000 - (1_800_000_000_000 % 60_000) + 5_000 };
    const sleeps: number[] = [];
    const c = client(fake.restBaseUrl, at, sleeps);
    fake.reportRestWeight(2000, 1);
    await c.latestTradeId('BTCUSDT');
    await c.latestTradeId('BTCUSDT');
    // Within a minute the count only grows: the fake's own lower figure does not undo 2,000.
    await c.latestTradeId('BTCUSDT');
    expect(sleeps).toEqual([2000, 2000]);
    fake.reportRestWeight(2290, 1);
    await c.latestTradeId('BTCUSDT');
    // The reading was of the last minute: Binance's counter has started again.
    at.now += 60_000;
    await c.latestTradeId('BTCUSDT');
    expect(sleeps).toEqual([2000, 2000, 2000]);
  });

  it('counts calls made at once against each other, so they do not all pass on one stale reading', async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT'], paused: true });
    const at = { now: 1_800_000_000_000 - (1_800_000_000_000 % 60_000) + 10_000 };
    const sleeps: number[] = [];
    const c = client(fake.restBaseUrl, at, sleeps);
    fake.reportRestWeight(2000, 1);
    await c.latestTradeId('BTCUSDT');
    // A connection's 20 symbols refill at once, 20 weight each.
    await Promise.all(Array.from({ length: 20 }, () => c.latestTradeId('BTCUSDT')));
    // All pause once; then 14 fit under 95 % (2,280) and 6 wait for the next minute.
    expect(sleeps.filter((ms) => ms === 2000)).toHaveLength(20);
    expect(sleeps.filter((ms) => ms > 40_000)).toHaveLength(6);
    expect(fake.stats().rest429Served).toBe(0);
  });
});
