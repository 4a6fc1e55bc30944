/**
 * Ruin is an outcome (issue 16, item 5), on real data: the default backtest of BTCUSDC/BTCUSDT
 * 1m klines of 1-21 March 2023 (z 2/0.5, 10,000 USDT, 5 bps) used to report a total return of
 * −143.5% and keep trading after the account was gone. Now equity at or below zero ends the
 * run there: the last trade is closed as `ruin`, nothing trades after it, the report says so,
 * and a sweep never ranks a ruined point above one that kept its account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../src/model/bar.js';
import type { BacktestResponse, SweepJobDto } from '../../src/server/dto/backtest-schemas.js';
import { realKlines } from '../helpers/realdata.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const klines = (symbol: string): Bar[] => realKlines(symbol, '20230301_20230321');

const post = async <T>(url: string, body: unknown): Promise<{ status: number; body: T }> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
};

describe('a backtest that loses the account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.engine.store.bars.upsertBars(klines('BTCUSDC'), 'ohlc');
    await server.engine.store.bars.upsertBars(klines('BTCUSDT'), 'ohlc');
  });
  afterAll(async () => server.close());

  it('ends at the ruin, with the last trade closed as ruin and nothing after it', async () => {
    const r = await post<BacktestResponse>(`${server.url}/api/backtest`, { y: 'BTCUSDC', x: 'BTCUSDT', tf: '1m', entry: 2, exit: 0.5 });
    expect(r.status).toBe(200);
    const { metrics, trades } = r.body.report;
    expect(metrics.ruined).toBe(true);
    expect(metrics.finalEquity).toBeLessThanOrEqual(0);
    expect(metrics.totalReturn).toBeLessThanOrEqual(-1);
    expect(metrics.totalReturn).toBeGreaterThan(-1.435);
    expect(metrics.bars).toBeLessThan(30_240);
    expect(metrics.endTime).toBe(metrics.ruinTime);
    const last = trades.at(-1)!;
    expect(last.exitReason).toBe('ruin');
    expect(last.exitTime).toBe(metrics.ruinTime);
    expect(trades.filter((t) => t.exitReason === 'ruin')).toHaveLength(1);
    expect(trades.every((t) => t.entryTime < metrics.ruinTime!)).toBe(true);
    expect(r.body.report.curves.equity.at(-1)).toBe(metrics.finalEquity);
  });

  it('ranks ruined sweep points last', async () => {
    const job = await post<SweepJobDto>(`${server.url}/api/backtest/sweep`, { y: 'BTCUSDC', x: 'BTCUSDT', tf: '1m', grid: { entry: [2], exit: [0.5], window: [20, 240] }, metric: 'sharpe', capital: 10_000 });
    expect(job.status).toBe(202);
    let state: SweepJobDto = job.body;
    for (let i = 0; i < 200 && state.state !== 'done' && state.state !== 'error'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await (await fetch(`${server.url}/api/backtest/sweep/${job.body.id}`)).json()) as SweepJobDto;
    }
    expect(state.state).toBe('done');
    // Window 20 loses the account with a Sharpe of about −14.6; window 240 keeps it at about
    // −52.5. By Sharpe alone the ruined point would win; it ranks last instead.
    const rows = state.result!.rows;
    const ruined = rows.find((row) => row.window === 20)!;
    const kept = rows.find((row) => row.window === 240)!;
    expect(ruined.metrics.ruined).toBe(true);
    expect(kept.metrics.ruined).toBe(false);
    expect(ruined.metrics.sharpe!).toBeGreaterThan(kept.metrics.sharpe!);
    expect(state.result!.best).toMatchObject({ window: 240, metrics: { ruined: false } });
  });
});
