/**
 * Funding through the API: stored funding rates of both legs are booked by `POST /api/backtest`
 * (by default when both legs have rates, never with `funding: false`, and a 400 naming the leg
 * when asked for without rates), each trade's funding equals the rule of docs/backtest.md
 * recomputed here from the stored rows, a sweep books the same, and `GET /api/funding` answers
 * the stored rows. The server reads through the job lane (a SQLite file), as in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarAggregator } from '../../src/bars/bar-aggregator.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import type { Bar } from '../../src/model/bar.js';
import { parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import type { BacktestResponse, SweepJobDto } from '../../src/server/dto/backtest-schemas.js';
import type { FundingPage } from '../../src/server/dto/funding-schemas.js';
import type { FundingRate } from '../../src/store/funding-store.js';
import { getJson, postJson, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const TF = (parseTimeframe('1m') as { ok: true; value: TimeframeSpec }).value;
const START = Date.UTC(2026, 10, 1);
const HOURS = 8;
const HOUR = 3_600_000;
const PAIR = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', window: 60, entry: 1.5, exit: 0.25 };

/** 8 hours of simulated ETHUSDT and BTCUSDT as stored 1m bars. */
async function storeBars(server: TestServer): Promise<Bar[]> {
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 21, startMs: START, tradesPerSecond: 10 });
  const aggs = new Map(['BTCUSDT', 'ETHUSDT'].map((s) => [s, new BarAggregator(s, TF)]));
  const bars: Bar[] = [];
  for (let h = 1; h <= HOURS; h++) {
    for (const t of model.advanceTo(START + h * HOUR)) {
      const r = aggs.get(t.symbol)!.add(t);
      if (r.kind === 'added' && r.finalized !== null) bars.push(r.finalized);
    }
  }
  await server.engine.store.bars.upsertBars(bars);
  return bars;
}

/**
 * Settlements every 20 minutes (more than Binance's 8 h, so an 8 h test holds many), with
 * rates that change sign, each valued at the leg's close of the bar starting then.
 */
function fundingRows(symbol: string, bars: readonly Bar[], scale: number): FundingRate[] {
  const close = new Map(bars.filter((b) => b.symbol === symbol).map((b) => [b.start as number, b.close as number]));
  const rows: FundingRate[] = [];
  for (let ts = START; ts < START + HOURS * HOUR; ts += 20 * 60_000) {
    const k = rows.length;
    rows.push({ symbol, ts, rate: scale * (k % 3 === 2 ? -1 : 1) * (1 + (k % 5) / 4), markPrice: close.get(ts) ?? Number.NaN });
  }
  return rows;
}

describe('funding in backtests', () => {
  let server: TestServer;
  let ethRows: FundingRate[];
  let btcRows: FundingRate[];
  beforeAll(async () => {
    server = await startTestServer();
    const bars = await storeBars(server);
    ethRows = fundingRows('ETHUSDT', bars, 0.0004);
    btcRows = fundingRows('BTCUSDT', bars, -0.0003);
    await server.engine.store.funding.upsertFunding([...ethRows, ...btcRows]);
    // A leg with rates of ETHUSDT only, for the missing-leg cases.
    await server.engine.store.bars.upsertBars(bars.filter((b) => b.symbol === 'BTCUSDT').map((b) => ({ ...b, symbol: 'SOLUSDT' })));
  });
  afterAll(async () => server.close());

  it('books each leg\'s settlements while held, −q·mark·rate, by default when both legs have rates', async () => {
    const { status, body } = await postJson<BacktestResponse>(`${server.url}/api/backtest`, PAIR);
    expect(status).toBe(200);
    expect(body.request.funding).toBe(true);
    const { metrics, trades } = body.report;
    expect(trades.length).toBeGreaterThan(3);
    let total = 0;
    for (const t of trades) {
      // The rule recomputed from the stored rows: settlements with entryTime ≤ τ < exitTime.
      const held = (rows: FundingRate[]): FundingRate[] => rows.filter((r) => r.ts >= t.entryTime && r.ts < t.exitTime);
      const expected = held(ethRows).reduce((s, r) => s - t.qtyY * r.markPrice * r.rate, 0) + held(btcRows).reduce((s, r) => s - t.qtyX * r.markPrice * r.rate, 0);
      expect(t.funding).toBeCloseTo(expected, 9);
      expect(t.netPnl).toBeCloseTo(t.grossPnl - t.fees - t.slippage + t.funding, 9);
      total += t.funding;
    }
    expect(Math.abs(total)).toBeGreaterThan(0.5);
    expect(metrics.fundingPnl).toBeCloseTo(total, 9);
    expect(metrics.finalEquity).toBeCloseTo(10_000 + trades.reduce((s, t) => s + t.netPnl, 0), 6);
  });

  it('leaves funding out with funding: false, and the difference in net PnL is exactly the funding', async () => {
    const on = (await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, funding: true })).body.report;
    const off = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, funding: false });
    expect(off.status).toBe(200);
    expect(off.body.request.funding).toBe(false);
    expect(off.body.report.metrics.fundingPnl).toBe(0);
    expect(off.body.report.trades.every((t) => t.funding === 0)).toBe(true);
    expect(on.metrics.netPnl - off.body.report.metrics.netPnl).toBeCloseTo(on.metrics.fundingPnl, 9);
  });

  it('answers 400 naming the leg when funding is asked for and a leg has no rates, and books none by default then', async () => {
    const { status, body } = await postJson<{ error: { code: string; message: string } }>(`${server.url}/api/backtest`, { ...PAIR, x: 'SOLUSDT', funding: true });
    expect(status).toBe(400);
    expect(body.error.code).toBe('no_funding_rates');
    expect(body.error.message).toMatch(/no stored funding rates of SOLUSDT \(x\)/);
    const auto = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, x: 'SOLUSDT' });
    expect(auto.status).toBe(200);
    expect(auto.body.request.funding).toBe(false);
    expect(auto.body.report.metrics.fundingPnl).toBe(0);
    const bad = await postJson<{ error: { code: string } }>(`${server.url}/api/backtest`, { ...PAIR, funding: 'yes' });
    expect(bad.status).toBe(400);
  });

  it('books funding in a sweep as in the single backtest', async () => {
    const { status, body: job } = await postJson<SweepJobDto>(`${server.url}/api/backtest/sweep`, { y: PAIR.y, x: PAIR.x, tf: PAIR.tf, grid: { entry: [1.5], exit: [0.25], window: [60] } });
    expect(status).toBe(202);
    const done = await waitFor('the sweep done', async () => {
      const j = (await getJson<SweepJobDto>(`${server.url}/api/backtest/sweep/${job.id}`)).body;
      return j.state === 'done' ? j : undefined;
    }, 30_000);
    const single = (await postJson<BacktestResponse>(`${server.url}/api/backtest`, PAIR)).body.report.metrics;
    expect(done.result!.rows[0]!.metrics.fundingPnl).toBeCloseTo(single.fundingPnl, 9);
    expect(done.result!.rows[0]!.metrics).toEqual(single);
  });

  it('answers the stored rates of a symbol with GET /api/funding, a range from inclusive to exclusive', async () => {
    const all = await getJson<FundingPage>(`${server.url}/api/funding?symbol=ETHUSDT`);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(ethRows.length);
    expect(all.body.items[1]).toEqual({ ts: ethRows[1]!.ts, rate: ethRows[1]!.rate, markPrice: ethRows[1]!.markPrice });
    const some = await getJson<FundingPage>(`${server.url}/api/funding?symbol=ETHUSDT&from=${START + HOUR}&to=${START + 2 * HOUR}`);
    expect(some.body.items.map((r) => r.ts)).toEqual([START + HOUR, START + HOUR + 20 * 60_000, START + HOUR + 40 * 60_000]);
    expect((await getJson<FundingPage>(`${server.url}/api/funding?symbol=ETHUSDT&limit=2`)).body.items).toHaveLength(2);
    expect((await getJson<FundingPage>(`${server.url}/api/funding?symbol=XRPUSDT`)).body.items).toEqual([]);
    await server.engine.store.funding.upsertFunding([{ symbol: 'XRPUSDT', ts: START, rate: 0.0001, markPrice: Number.NaN }]);
    expect((await getJson<FundingPage>(`${server.url}/api/funding?symbol=XRPUSDT`)).body.items).toEqual([{ ts: START, rate: 0.0001, markPrice: null }]);
    expect((await getJson(`${server.url}/api/funding?symbol=ETHUSDT&from=5&to=5`)).status).toBe(400);
    expect((await getJson(`${server.url}/api/funding?symbol=eth-usdt`)).status).toBe(400);
    expect((await getJson(`${server.url}/api/funding`)).status).toBe(400);
  });
});
