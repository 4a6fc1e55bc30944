/**
 * A Binance ingest worker's resume point when Redis has lost its data (restarted without
 * persistence): the bus knows no published id, the store still holds the trades, and the
 * worker resumes after the highest stored id instead of at the exchange's latest trade.
 * Real Redis and PostgreSQL, the fake Binance with a minute of tape history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/bus/redis/redis-bus.js';
import { systemClock } from '../../src/core/clock.js';
import { binanceResumePoint, type TradeIdLookup } from '../../src/engine/binance-resume-point.js';
import { createSource } from '../../src/engine/source-factory.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import type { Tick } from '../../src/model/tick.js';
import { PostgresMarketStores } from '../../src/store/postgres/postgres-market-stores.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { waitFor } from '../helpers/wait-for.js';

const available = (await redisAvailable()) && (await postgresAvailable());

describe.skipIf(!available)('the Binance resume point', () => {
  const schema = uniqueSchema('resume');
  const prefix = uniquePrefix('resume');
  let fake: FakeBinance;
  let stores: PostgresMarketStores;
  let bus: RedisBus;

  beforeAll(async () => {
    fake = await FakeBinance.start({ symbols: ['BTCUSDT'], tradesPerSecond: 100, seed: 4, historyMs: 60_000 });
    stores = await PostgresMarketStores.open({ url: PG_URL, schema });
    bus = await RedisBus.open({ url: REDIS_URL, prefix });
  });

  afterAll(async () => {
    await bus?.close();
    await stores?.close();
    await fake?.stop();
    await dropSchemas(schema);
    await dropPrefix(prefix);
  });

  const published: TradeIdLookup = (symbol) => bus.publisher().lastPublishedTradeId(symbol, 'binance');
  const stored: TradeIdLookup = (symbol) => stores.ticks.lastTradeId(symbol, 'binance');

  /** The first trade ids a Binance source delivers when it resumes through `resume`. */
  async function firstIds(resume: TradeIdLookup): Promise<number[]> {
    const got: Tick[] = [];
    const source = createSource({ source: 'binance', symbols: ['BTCUSDT'] }, { clock: systemClock, defaultSeed: 1, lastBinanceTradeId: resume, env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl } });
    await source.start((ticks) => void got.push(...ticks));
    try {
      await waitFor('trades from the source', () => got.length >= 20);
    } finally {
      await source.stop();
    }
    return got.map((t) => t.tradeId);
  }

  it('takes the store\'s highest id when the bus has none, and the higher of the two otherwise', async () => {
    const tape = fake.emittedTicks('BTCUSDT');
    expect(tape.length).toBeGreaterThan(1000);
    const resume = binanceResumePoint(published, stored);
    expect(await resume('BTCUSDT')).toBeNull();
    await stores.ticks.appendTicks(tape.slice(0, 500));
    expect(await published('BTCUSDT')).toBeNull();
    expect(await resume('BTCUSDT')).toBe(tape[499]!.tradeId);
    await bus.publisher().publish(tape.slice(500, 600));
    expect(await resume('BTCUSDT')).toBe(tape[599]!.tradeId);
    // A bus restored from an older snapshot than the store: the store's is higher.
    await stores.ticks.appendTicks(tape.slice(600, 700));
    expect(await resume('BTCUSDT')).toBe(tape[699]!.tradeId);
    await bus.deleteAll();
  });

  it('refills from after the highest stored trade when Redis lost its data, where the bus alone would leave a gap', async () => {
    await bus.deleteAll();
    const last = (await stored('BTCUSDT'))!;
    expect(last).not.toBeNull();
    // Without the store the worker starts at the exchange's latest trade: every trade since the store's last is skipped.
    const busOnly = await firstIds(binanceResumePoint(published, null));
    expect(busOnly[0]!).toBeGreaterThan(last + 1000);
    // With it, the worker continues right after the stored trade, consecutively.
    const ids = await firstIds(binanceResumePoint(published, stored));
    expect(ids[0]).toBe(last + 1);
    expect(ids.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => last + 1 + i));
  });
});
