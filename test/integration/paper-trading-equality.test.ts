/**
 * The proof of paper trading (issue 17): a strategy fed live final bars makes exactly the trades
 * `POST /api/backtest` makes over its range. A generated, seeded stretch of 1 s trades of two
 * legs goes through the live pipeline (hub → bar engine → bar store → strategies) in chunks, with
 * five strategies (one per hedge method, and OLS on log prices with β-sized legs), a restart in the middle (engine and server closed and
 * reopened on the same file; the strategies resume), a gap of 15 s in one leg, and a late trade
 * that revises a bar a fill was made on. Then the backtest from warmupFrom to the last bar
 * returns the same closed trades (times, prices, sizes, fees, PnL to 1e-9), and its `end` trade
 * is the strategy's open position.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { epochMs } from '../../src/core/brand.js';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { BasketModel } from '../../src/ingest/simulator/basket-model.js';
import type { Tick } from '../../src/model/tick.js';
import { buildServer } from '../../src/server/build-server.js';
import type { BacktestResponse, BacktestTradeDto } from '../../src/server/dto/backtest-schemas.js';
import type { StrategyDto, StrategyStreamMessage, StrategySummaryDto, StrategyTouchDto } from '../../src/server/dto/strategy-schemas.js';
import { waitFor } from '../helpers/wait-for.js';

const START = Date.UTC(2026, 10, 2);
const WARM_S = 120;
const TOTAL_S = 1500;
const RESTART_AT_S = 800;
const GAP = { from: 500, to: 515 };
const CHUNK_S = 10;
/** One strategy per hedge method, and one on log prices with β-sized legs. */
const VARIANTS = [{ method: 'ols' }, { method: 'huber' }, { method: 'theilsen' }, { method: 'kalman' }, { method: 'ols', prices: 'log', sizing: 'beta' }] as const;
const label = (v: (typeof VARIANTS)[number]): string => Object.values(v).join(' ');
const RULE = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', window: 20, entry: 1.2, exit: 0.2, stop: 3.5, feeBps: 4, slippageBps: 1, funding: false } as const;

const dir = mkdtempSync(join(tmpdir(), 'tandem-paper-'));
const dbPath = join(dir, 'tandem.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let simNow = START;
const clock = { now: () => epochMs(simNow) };

interface Stack {
  engine: LiveEngine;
  app: FastifyInstance;
}

async function open(): Promise<Stack> {
  const engine = new LiveEngine({ dbPath, clock, timeframes: ['1s'], flushMs: 20 });
  const app = await buildServer({ engine, version: 'test' });
  return { engine, app };
}

async function closeStack(s: Stack): Promise<void> {
  await s.app.close();
  await s.engine.close();
}

/** Every trade of the run, generated once (seeded), the x leg silent during the gap. */
function generateTicks(): Tick[] {
  const model = new BasketModel({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 17, startMs: START, tradesPerSecond: 3 });
  return model.advanceTo(START + TOTAL_S * 1000).filter((t) => !(t.symbol === 'BTCUSDT' && t.ts >= START + GAP.from * 1000 && t.ts < START + GAP.to * 1000));
}

/** Publishes the trades of [fromS, toS) seconds and waits until the strategies have caught up. */
async function feed(s: Stack, ticks: readonly Tick[], fromS: number, toS: number): Promise<void> {
  for (let a = fromS; a < toS; a += CHUNK_S) {
    const b = Math.min(toS, a + CHUNK_S);
    const batch = ticks.filter((t) => t.ts >= START + a * 1000 && t.ts < START + b * 1000);
    simNow = START + b * 1000;
    s.engine.hub.publish(batch);
    // The bar engine's clock closes the last buckets of the chunk; let it tick, then settle.
    await new Promise((r) => setTimeout(r, 120));
    await s.engine.flush();
    await s.engine.strategies.idle();
  }
}

async function inject<T>(s: Stack, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await s.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return { status: res.statusCode, body: res.json<T>() };
}

function expectSameTrade(a: BacktestTradeDto, b: BacktestTradeDto): void {
  expect(a.side).toBe(b.side);
  expect(a.exitReason).toBe(b.exitReason);
  expect(a.entryTime).toBe(b.entryTime);
  expect(a.exitTime).toBe(b.exitTime);
  for (const k of ['entryY', 'entryX', 'exitY', 'exitX', 'qtyY', 'qtyX', 'beta', 'grossPnl', 'fees', 'slippage', 'funding', 'netPnl', 'returnPct'] as const) {
    expect(Math.abs(a[k] - b[k]), `${k} of the trade entered at ${a.entryTime}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[k])));
  }
}

describe('paper trading equals the backtest', () => {
  it('for all four hedge methods, across a restart, a gap in one leg and a revised bar', { timeout: 120_000 }, async () => {
    const ticks = generateTicks();
    let s = await open();
    // The warm-up: stored bars before any strategy exists.
    await feed(s, ticks, 0, WARM_S);

    const bad = await inject<{ detail: string }>(s, 'POST', '/api/strategies', { ...RULE, entry: 0.1, exit: 0.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/exit/);
    const ranged = await inject<{ detail: string }>(s, 'POST', '/api/strategies', { ...RULE, from: START });
    expect(ranged.status).toBe(400);
    expect(ranged.body.detail).toMatch(/from/);
    expect((await inject(s, 'GET', '/api/strategies/no-such-id')).status).toBe(404);

    const ids: string[] = [];
    for (const variant of VARIANTS) {
      const res = await inject<StrategySummaryDto>(s, 'POST', '/api/strategies', { ...RULE, ...variant });
      expect(res.status).toBe(201);
      expect(res.body.state).toBe('running');
      expect(res.body.warmupFrom).toBeGreaterThanOrEqual(START);
      ids.push(res.body.id);
    }

    await feed(s, ticks, WARM_S, RESTART_AT_S);
    const before = new Map<string, StrategyDto>();
    for (const id of ids) before.set(id, (await inject<StrategyDto>(s, 'GET', `/api/strategies/${id}`)).body);
    expect([...before.values()].every((v) => v.fills.length > 0)).toBe(true);

    // A late trade at the very start of the bucket an entry was filled in (next_open): the bar is
    // rebuilt with another open, so the published fill is no longer what the kernel finds.
    const victim = [...before.values()].find((v) => v.fills.some((f) => f.kind === 'entry'))!;
    const entry = victim.fills.find((f) => f.kind === 'entry')!;
    const late: Tick = { symbol: 'ETHUSDT', ts: epochMs(entry.time), price: entry.priceY * 1.002, qty: 0.01, tradeId: 900_000_001, buyerMaker: false, source: 'simulator' } as Tick;
    s.engine.hub.publish([late]);
    await s.engine.flush();
    await s.engine.reviseLateBars();
    await s.engine.flush();
    await s.engine.strategies.idle();

    // Restart: everything closed, reopened on the same file; the strategies resume from the store.
    await closeStack(s);
    s = await open();
    const resumed = await inject<{ items: StrategySummaryDto[] }>(s, 'GET', '/api/strategies');
    expect(resumed.body.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    await s.engine.strategies.idle();
    for (const id of ids) {
      const v = (await inject<StrategyDto>(s, 'GET', `/api/strategies/${id}`)).body;
      // No fill published before the restart is lost or doubled by it.
      const keys = v.fills.map((f) => `${f.time}|${f.kind}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const f of before.get(id)!.fills) expect(keys).toContain(`${f.time}|${f.kind}`);
    }

    // The strategies' channels push fills and equity as bars arrive (a real WebSocket on the restarted server).
    const url = await s.app.listen({ host: '127.0.0.1', port: 0 });
    const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`);
    const pushed: StrategyStreamMessage[] = [];
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { type: string };
      if (m.type === 'strategy') pushed.push(m as StrategyStreamMessage);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ op: 'subscribe', channels: ids.map((id) => `strategy:${id}`) }));
    await waitFor('a state message of each strategy on subscribe', () => ids.every((id) => pushed.some((m) => m.id === id)), 5000);

    await feed(s, ticks, RESTART_AT_S, TOTAL_S);
    await waitFor('the last bar pushed', () => ids.every((id) => pushed.some((m) => m.id === id && (m.lastBarStart ?? 0) >= START + (TOTAL_S - 3) * 1000)), 5000);
    ws.close();
    for (const id of ids) {
      const v = (await inject<StrategyDto>(s, 'GET', `/api/strategies/${id}`)).body;
      const mine = pushed.filter((m) => m.id === id);
      expect(mine.every((m) => m.channel === `strategy:${id}` && m.state === 'running')).toBe(true);
      // Every fill after the restart was pushed once, as the strategy records it.
      const fillsAfter = v.fills.filter((f) => f.time >= START + RESTART_AT_S * 1000).map((f) => `${f.time}|${f.kind}`);
      const pushedFills = mine.flatMap((m) => (m.fill === undefined ? [] : [`${m.fill.time}|${m.fill.kind}`]));
      expect(pushedFills).toEqual(fillsAfter);
      // Equity points come in time order, ending at the strategy's last one.
      const times = mine.flatMap((m) => (m.equity === null ? [] : [m.equity.time]));
      expect(times.every((t, k) => k === 0 || t >= times[k - 1]!)).toBe(true);
    }
    expect(pushed.some((m) => m.fill !== undefined)).toBe(true);

    const revised = (await inject<StrategyDto>(s, 'GET', `/api/strategies/${victim.id}`)).body;
    const div = revised.divergences.find((d) => d.time === entry.time && d.kind === 'entry');
    expect(div, 'the revised bar shows as a divergence of the published entry').toBeDefined();
    expect(div!.published!.priceY).toBe(entry.priceY);
    expect(div!.recomputed === null || div!.recomputed.priceY !== entry.priceY).toBe(true);

    let closedTrades = 0;
    for (const [i, id] of ids.entries()) {
      const v = (await inject<StrategyDto>(s, 'GET', `/api/strategies/${id}`)).body;
      expect(v.lastBarStart).toBeGreaterThanOrEqual(START + (TOTAL_S - 3) * 1000);
      expect(v.backtestRange).toEqual({ from: v.warmupFrom, to: v.lastBarStart! + 1000 });
      const bt = await inject<BacktestResponse>(s, 'POST', '/api/backtest', { ...RULE, ...VARIANTS[i], from: v.backtestRange!.from, to: v.backtestRange!.to });
      expect(bt.status).toBe(200);
      const btTrades = bt.body.report.trades;
      const last = btTrades[btTrades.length - 1];
      const btClosed = last?.exitReason === 'end' ? btTrades.slice(0, -1) : btTrades;
      expect(v.trades.length, `${label(VARIANTS[i]!)}: closed trades`).toBe(btClosed.length);
      v.trades.forEach((t, k) => expectSameTrade(t, btClosed[k]!));
      closedTrades += v.trades.length;
      if (last?.exitReason === 'end') {
        expect(v.position.side).toBe(last.side);
        expect(v.position.entryTime).toBe(last.entryTime);
        expect(v.position.entryY).toBe(last.entryY);
        expect(v.position.entryX).toBe(last.entryX);
        expect(v.position.qy).toBe(last.qtyY);
        expect(v.position.qx).toBe(last.qtyX);
      } else {
        expect(v.position.side).toBeNull();
      }
      // No trade before the strategy existed: its first possible fill is after its start.
      for (const t of v.trades) expect(t.entryTime).toBeGreaterThan(START + (WARM_S - 2) * 1000);
      expect(v.metrics!.trades).toBe(v.trades.length);
    }
    expect(closedTrades).toBeGreaterThan(8);

    // The touch (docs/backtest.md, "Honest live fills"): each leg of each fill at the last taker
    // trade of its side before the fill, read here by a plain range query of the stored ticks.
    const touched = (await inject<StrategyTouchDto>(s, 'GET', `/api/strategies/${ids[0]}/touch`)).body;
    const withFills = (await inject<StrategyDto>(s, 'GET', `/api/strategies/${ids[0]}`)).body;
    expect(touched.fillsTotal).toBe(withFills.fills.length);
    expect(touched.fills.map((f) => `${f.time}|${f.kind}`)).toEqual(withFills.fills.slice(-500).map((f) => `${f.time}|${f.kind}`));
    const lastTaker = async (symbol: string, before: number, takerBuy: boolean): Promise<number | null> => {
      const range = await s.engine.store.ticks.queryTicks({ symbol, from: before - 60_000, to: before, limit: 1_000_000 });
      return range.filter((t) => t.buyerMaker === !takerBuy).at(-1)?.price ?? null;
    };
    let total = 0;
    for (const [k, f] of touched.fills.entries()) {
      const fill = withFills.fills[withFills.fills.length - touched.fills.length + k]!;
      expect(f.touchY).toBe(fill.qtyY === 0 ? f.execY : await lastTaker(RULE.y, fill.time, fill.qtyY > 0));
      expect(f.touchX).toBe(fill.qtyX === 0 ? f.execX : await lastTaker(RULE.x, fill.time, fill.qtyX > 0));
      expect(f.execY).toBeCloseTo(fill.priceY * (1 + Math.sign(fill.qtyY) * 1e-4), 9);
      if (f.extraCost !== null) total += f.extraCost;
    }
    expect(touched.priced).toBeGreaterThan(0);
    expect(touched.totalExtraCost).toBeCloseTo(total, 9);
    expect((await inject(s, 'GET', `/api/strategies/${ids[0]}/touch?lookbackMs=5`)).status).toBe(400);
    expect((await inject(s, 'GET', '/api/strategies/no-such-id/touch')).status).toBe(404);

    // DELETE stops one and keeps its record; flatten of a stopped strategy is a conflict.
    const stopped = await inject<StrategyDto>(s, 'DELETE', `/api/strategies/${ids[0]}`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toBe('stopped');
    expect((await inject(s, 'POST', `/api/strategies/${ids[0]}/flatten`)).status).toBe(409);
    expect((await inject<StrategyDto>(s, 'GET', `/api/strategies/${ids[0]}`)).body.trades.length).toBe(stopped.body.trades.length);
    await closeStack(s);
  });
});
