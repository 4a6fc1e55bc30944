import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BarAggregator } from '../../src/bars/bar-aggregator.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import type { Bar } from '../../src/model/bar.js';
import { parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';
import type { BacktestResponse, SweepJobDto } from '../../src/server/dto/backtest-schemas.js';
import type { ServerMessage } from '../../src/server/dto/stream-messages.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { postJson, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const tf = (label: string): TimeframeSpec => (parseTimeframe(label) as { ok: true; value: TimeframeSpec }).value;
const START = Date.UTC(2026, 10, 1);
const HOURS = 12;

/** 12 hours of simulated ETHUSDT and BTCUSDT, 10 trades a second, as stored 1m bars. */
async function storeSimulatedBars(server: TestServer): Promise<number> {
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 21, startMs: START, tradesPerSecond: 10 });
  const aggs = new Map(['BTCUSDT', 'ETHUSDT'].map((s) => [s, new BarAggregator(s, tf('1m'))]));
  const bars: Bar[] = [];
  for (let h = 1; h <= HOURS; h++) {
    for (const t of model.advanceTo(START + h * 3_600_000)) {
      const r = aggs.get(t.symbol)!.add(t);
      if (r.kind === 'added' && r.finalized !== null) bars.push(r.finalized);
    }
  }
  for (const a of aggs.values()) {
    const last = a.closeBefore(START + HOURS * 3_600_000);
    if (last !== null) bars.push(last);
  }
  await server.engine.store.bars.upsertBars(bars);
  return bars.length;
}

async function del<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method: 'DELETE' });
  return { status: res.status, body: (await res.json()) as T };
}

const PAIR = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m' };

describe('backtest API and CLI on simulated bars', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect(await storeSimulatedBars(server)).toBeGreaterThan(1400);
  });
  afterAll(async () => server.close());

  it('runs a backtest and answers a consistent report', async () => {
    const { status, body } = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, window: 60, entry: 1.5, exit: 0.25, stop: 4, maxCurvePoints: 100 });
    expect(status).toBe(200);
    const { metrics, trades, curves } = body.report;
    expect(body.request).toMatchObject({ method: 'ols', window: 60, fill: 'next_open', feeBps: 5, slippageBps: 1, notional: 10_000, capital: 10_000, sizing: 'dollar_neutral' });
    expect(metrics.bars).toBe(HOURS * 60);
    expect(metrics.trades).toBe(trades.length);
    expect(trades.length).toBeGreaterThan(5);
    const net = trades.reduce((s, t) => s + t.netPnl, 0);
    expect(metrics.finalEquity).toBeCloseTo(10_000 + net, 6);
    expect(metrics.feesPaid).toBeCloseTo(trades.reduce((s, t) => s + t.fees, 0), 9);
    for (const t of trades) {
      expect(t.entryIndex).toBe(t.signalIndex + 1);
      expect(t.netPnl).toBeCloseTo(t.grossPnl - t.fees - t.slippage, 9);
      // Dollar-neutral: each leg near 5,000 USDT at the fill.
      expect(Math.abs(t.qtyY) * t.entryY).toBeCloseTo(5000, 6);
      expect(Math.abs(t.qtyX) * t.entryX).toBeCloseTo(5000, 6);
    }
    expect(curves.time.length).toBeLessThanOrEqual(100);
    expect(curves.equity.at(-1)).toBeCloseTo(metrics.finalEquity, 9);
    expect(Math.min(...curves.drawdown)).toBeCloseTo(-metrics.maxDrawdown, 12);
  });

  it('backtests with every hedge method, including the Kalman filter', async () => {
    for (const method of ['kalman', 'huber', 'theilsen']) {
      const { status, body } = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, method, window: 60, entry: 2, exit: 0.5 });
      expect(status, method).toBe(200);
      expect(body.report.metrics.bars).toBe(HOURS * 60);
    }
  });

  it('backtests on log prices: β an elasticity, the x leg sized by value, and the request says so', async () => {
    const req = { ...PAIR, method: 'kalman', window: 60, entry: 1.5, exit: 0.25, sizing: 'beta' };
    const log = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...req, prices: 'log' });
    const raw = await postJson<BacktestResponse>(`${server.url}/api/backtest`, req);
    expect(log.status).toBe(200);
    expect(log.body.request.prices).toBe('log');
    expect(raw.body.request.prices).toBe('raw');
    const t = log.body.report.trades[0]!;
    expect(t).toBeDefined();
    // |q_x·P_x| = |β|·|q_y·P_y| at the signal closes, so at the entry fill the ratio is near |β|.
    expect(Math.abs((t.qtyX * t.entryX) / (t.qtyY * t.entryY))).toBeCloseTo(Math.abs(t.beta), 1);
    expect(log.body.report.trades.map((x) => x.beta)).not.toEqual(raw.body.report.trades.map((x) => x.beta));
  });

  it('takes null for "no stop" and "no maximum hold"', async () => {
    const { status, body } = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, window: 60, entry: 2, exit: 0.5, stop: null, maxHoldBars: null, lotStep: null });
    expect(status).toBe(200);
    expect(body.report.metrics.bars).toBe(HOURS * 60);
  });

  it.each([
    [{ entry: 1, exit: 1 }, 'invalid_backtest', /exit must be < entry/],
    [{ entry: 2, exit: 0.5, y: 'DOGEUSDT' }, 'unknown_symbol', /^y: no stored 1m bars of DOGEUSDT/],
    [{ entry: 2, exit: 0.5, from: START - 86_400_000, to: START - 3_600_000 }, 'empty_range', /^y: no 1m bars of ETHUSDT in the range/],
    [{ entry: 2, exit: 0.5, window: 500, from: START, to: START + 3_600_000 }, 'too_few_bars', /^window: only 60 aligned/],
    [{ entry: 2, exit: 0.5, method: 'lasso' }, 'invalid_request', /method/],
    [{ entry: 2, exit: 0.5, prices: 'ln' }, 'invalid_request', /prices/],
    [{ entry: 2, exit: 0.5, stop: 1.5 }, 'invalid_backtest', /stop must be > entry/],
  ])('rejects bad parameters with a 400 naming the field: %j', async (patch, code, message) => {
    const { status, body } = await postJson<{ error: { code: string; message: string } }>(`${server.url}/api/backtest`, { ...PAIR, ...patch });
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('runs a sweep as a job with progress and the result over the WebSocket, and by GET', async () => {
    const ws = new WebSocket(server.wsUrl);
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as ServerMessage));
    await new Promise((r) => ws.once('open', r));
    const grid = { entry: [1.5, 2, 2.5], exit: [0, 0.5, 2], window: [30, 60], method: ['ols', 'kalman'] };
    const { status, body: job } = await postJson<SweepJobDto>(`${server.url}/api/backtest/sweep`, { ...PAIR, grid, heatmap: { rows: 'entry', cols: 'window' } });
    expect(status).toBe(202);
    // exit 2 is not < entry 1.5 or 2: 3·3 − 2 = 7 rules × 2 windows × 2 methods = 28 points.
    expect(job.total).toBe(28);
    ws.send(JSON.stringify({ op: 'subscribe', channels: [`backtest:${job.id}`] }));
    const jobs = (): SweepJobDto[] => messages.filter((m): m is ServerMessage & { type: 'backtest_job' } => m.type === 'backtest_job').map((m) => m.job);
    const done = await waitFor('the sweep result on the channel', () => jobs().find((j) => j.state === 'done'), 30_000);
    ws.close();
    const r = done.result!;
    expect(r.points).toBe(28);
    expect(r.skipped).toBe(8);
    expect(r.rows).toHaveLength(28);
    expect(done.done).toBe(28);
    expect(r.best).not.toBeNull();
    expect(r.heatmap!.rows.values).toEqual([1.5, 2, 2.5]);
    expect(r.heatmap!.cols.values).toEqual([30, 60]);
    expect(r.heatmap!.fixed).toEqual({ exit: r.best!.exit, method: r.best!.method });
    // The best point's own cell holds its metric.
    expect(r.heatmap!.cells[r.heatmap!.rows.values.indexOf(r.best!.entry)]![r.heatmap!.cols.values.indexOf(r.best!.window)]).toBeCloseTo(r.best!.metrics.sharpe!, 9);
    // A sweep point equals the single backtest with its parameters.
    const row = r.rows.find((x) => x.method === 'kalman' && x.window === 60 && x.entry === 2 && x.exit === 0.5)!;
    const single = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, method: 'kalman', window: 60, entry: 2, exit: 0.5 });
    expect(row.metrics).toEqual(single.body.report.metrics);
    const got = await fetch(`${server.url}/api/backtest/sweep/${job.id}`).then((res) => res.json() as Promise<SweepJobDto>);
    expect(got.state).toBe('done');
    expect(got.result!.rows).toHaveLength(28);
  });

  it('walks forward: picks in sample, scores out of sample and stitches the out-of-sample equity', async () => {
    const { body: job } = await postJson<SweepJobDto>(`${server.url}/api/backtest/sweep`, { ...PAIR, grid: { entry: [1.5, 2], exit: [0.25, 0.5], window: [30, 60] }, walkForward: { folds: 3 } });
    const done = await waitFor('the walk-forward result', async () => {
      const j = (await fetch(`${server.url}/api/backtest/sweep/${job.id}`).then((res) => res.json())) as SweepJobDto;
      return j.state === 'done' ? j : j.state === 'error' ? Promise.reject(new Error(j.error!.message)) : undefined;
    }, 30_000);
    const wf = done.result!.walkForward!;
    expect(wf.folds).toHaveLength(3);
    const block = Math.floor((HOURS * 60) / 4);
    expect(wf.folds.map((f) => f.outOfSample.bars)).toEqual([block, block, HOURS * 60 - 3 * block]);
    expect(wf.folds[1]!.inSample.to).toBe(wf.folds[1]!.outOfSample.from);
    expect(wf.report.metrics.bars).toBe(HOURS * 60 - block);
    const oosNet = wf.folds.reduce((s, f) => s + (f.outOfSampleMetrics?.netPnl ?? 0), 0);
    expect(wf.report.metrics.netPnl).toBeCloseTo(oosNet, 6);
    expect(wf.report.metrics.finalEquity).toBeCloseTo(10_000 + oosNet, 6);
    expect(done.total).toBe(8 * 4 + 3);
  });

  it('cancels a running sweep', async () => {
    const grid = { entry: [1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.5], exit: [0, 0.25, 0.5, 0.75], window: [100, 150, 200, 250, 300, 350], method: ['theilsen', 'huber'] };
    const { body: job } = await postJson<SweepJobDto>(`${server.url}/api/backtest/sweep`, { ...PAIR, grid, walkForward: { folds: 4 } });
    await waitFor('the job running', async () => ((await fetch(`${server.url}/api/backtest/sweep/${job.id}`).then((res) => res.json())) as SweepJobDto).state === 'running', 10_000);
    const { status, body } = await del<SweepJobDto>(`${server.url}/api/backtest/sweep/${job.id}`);
    expect(status).toBe(200);
    expect(['running', 'cancelled']).toContain(body.state);
    const ended = await waitFor('the job cancelled', async () => {
      const j = (await fetch(`${server.url}/api/backtest/sweep/${job.id}`).then((res) => res.json())) as SweepJobDto;
      return j.state === 'cancelled' ? j : undefined;
    }, 10_000);
    expect(ended.result).toBeNull();
    expect(ended.done).toBeLessThan(ended.total);
    expect((await del(`${server.url}/api/backtest/sweep/nope`)).status).toBe(404);
  });

  it('rejects a bad sweep grid with a 400 naming the field', async () => {
    const { status, body } = await postJson<{ error: { message: string } }>(`${server.url}/api/backtest/sweep`, { ...PAIR, grid: { entry: [1], exit: [1, 2], window: [20] } });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/grid has no point with exit < entry/);
  });

  describe('tandem backtest', () => {
    const cli = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['backtest', '--db', server.dbPath, ...args], { cwd: REPO_ROOT });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += String(d)));
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });

    it('prints the same report as the API with --json', async () => {
      const args = ['--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '2', '--exit', '0.5', '--window', '60'];
      const { code, stdout } = await cli([...args, '--json']);
      expect(code).toBe(0);
      const body = JSON.parse(stdout) as BacktestResponse;
      const api = await postJson<BacktestResponse>(`${server.url}/api/backtest`, { ...PAIR, window: 60, entry: 2, exit: 0.5 });
      expect(body.report.metrics).toEqual(api.body.report.metrics);
      const table = await cli(args);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/Sharpe \(annualised\)/);
      expect(table.stdout).toMatch(/Max drawdown/);
    });

    it('exits 2 naming the field on bad parameters', async () => {
      const bad = await cli(['--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '1', '--exit', '2']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/exit must be < entry/);
      const unknown = await cli(['--y', 'XRPUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '2', '--exit', '0.5', '--json']);
      expect(unknown.code).toBe(2);
      expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'unknown_symbol' } });
    });
  });
});
