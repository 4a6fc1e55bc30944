/**
 * Paper trading from the Backtest tab in real headless Chromium against the real server: the
 * simulator runs at a fast trade rate, a backtest runs at 1s with a small window and loose
 * bands (entry 0.5, exit 0.1) once there are enough bars, "Run live (paper)" on its report
 * starts a strategy with the same parameters, and the Strategies panel shows it and then its
 * first fill on the simulator's live bars (an open position or a closed trade), its live equity
 * drawn next to the backtest's; "Backtest the live period" runs the backtest that reproduces it;
 * a Strategy fill alert rule made in the Alerts tab for it fires on a later fill and links back
 * to it; Flatten closes its position; Stop ends it and keeps its record. No console errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { countPixels, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

const RUN = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 10, entry: 0.5, exit: 0.1 } as const;

/** BACKTEST_COLORS in web/src/components/backtest-chart-options.ts. */
const BACKTEST_BLUE = [76, 141, 255] as const;
const LIVE_AMBER = [240, 185, 11] as const;

describe.skipIf(shouldSkipBrowserTests())('Paper trading from the Backtest tab in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  let strategyId = '';
  const problems: string[] = [];

  beforeAll(async () => {
    // Ten minutes of simulated past when the simulator starts, so the backtest has bars at once.
    server = await startTandemServer({ env: { TANDEM_HISTORY: '10m' } });
    browser = await launchChromium({ width: 1400, height: 1200 });
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs the simulator, with ten minutes of past, until a backtest at 1s with loose bands trades', async () => {
    if (server === undefined) throw new Error('no server');
    const url = server.url;
    const started = await fetch(`${url}/api/ingestion/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'simulator', symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'], tradesPerSecond: 400 }) });
    expect(started.ok, await started.clone().text()).toBe(true);
    // Asked from here rather than from the page, so that the "too few bars" answers meanwhile log nothing there.
    const trades = async (): Promise<number> => {
      const res = await fetch(`${url}/api/backtest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(RUN) });
      if (!res.ok) return -1;
      return ((await res.json()) as { report: { metrics: { trades: number } } }).report.metrics.trades;
    };
    await expect.poll(trades, { timeout: 90_000, interval: 1000 }).toBeGreaterThanOrEqual(1);
  });

  it('runs the backtest in the tab; the Strategies panel says there are none yet', async () => {
    await page.click('[data-testid="tab-backtest"]');
    await expect.poll(() => page.locator('[data-testid="backtest-tab"]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid="st-empty"]').textContent(), { timeout: 10_000 }).toContain('No paper strategies');
    await page.selectOption('[data-testid="bt-y"]', RUN.y);
    await page.selectOption('[data-testid="bt-x"]', RUN.x);
    await page.selectOption('[data-testid="bt-tf"]', RUN.tf);
    await page.selectOption('[data-testid="bt-method"]', RUN.method);
    await page.fill('[data-testid="bt-window"]', String(RUN.window));
    await page.fill('[data-testid="bt-entry"]', String(RUN.entry));
    await page.fill('[data-testid="bt-exit"]', String(RUN.exit));
    await page.click('[data-testid="bt-run"]');
    await expect.poll(() => text(page, '[data-testid="bt-summary"]'), { timeout: 15_000 }).toContain('ETHUSDT/BTCUSDT at 1s · ols window 10 · entry 0.5 exit 0.1');
  });

  it('"Run live (paper)" starts a strategy with the same parameters and the panel lists it', async () => {
    if (server === undefined) throw new Error('no server');
    await page.click('[data-testid="bt-run-live"]');
    await expect.poll(() => text(page, '[data-testid="bt-run-live-started"]'), { timeout: 10_000 }).toContain('Started paper strategy');
    await expect.poll(() => page.locator('[data-testid="st-row"]').count(), { timeout: 10_000 }).toBe(1);
    const row = page.locator('[data-testid="st-row"]');
    expect(await row.locator('td').nth(0).textContent()).toBe('ETHUSDT/BTCUSDT');
    expect(await row.locator('td').nth(1).textContent()).toBe('ols 10 · 1s · entry 0.5 exit 0.1');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    // The server has it with the report's parameters.
    strategyId = (await row.getAttribute('data-strategy')) ?? '';
    const res = await fetch(`${server.url}/api/strategies/${strategyId}`);
    expect(res.status).toBe(200);
    const s = (await res.json()) as { request: Record<string, unknown>; state: string };
    expect(s.request).toMatchObject({ ...RUN, fill: 'next_open', notional: 10_000, feeBps: 5, slippageBps: 1 });
    expect(s.state).toBe('running');
  });

  it('shows its first fill on the simulator: a position or a closed trade, and the live equity beside the backtest', async () => {
    const filled = async (): Promise<boolean> => {
      const position = await text(page, '[data-testid="st-position"]');
      const tradeRows = await page.locator('[data-testid="st-detail"] [data-testid="bt-trade-row"]').count();
      return (position !== '' && position !== 'flat') || tradeRows > 0;
    };
    await expect.poll(filled, { timeout: 60_000, interval: 250 }).toBe(true);
    // The server published that fill after the start, at a bar no older than the one forming at
    // the start (a next_open fill's time is its bar's start): the strategy never trades in the past.
    if (server === undefined) throw new Error('no server');
    const s = (await (await fetch(`${server.url}/api/strategies/${strategyId}`)).json()) as { startedAt: number; fills: { time: number; kind: string; publishedAt: number | null }[] };
    expect(s.fills.length).toBeGreaterThanOrEqual(1);
    expect(s.fills[0]?.kind).toBe('entry');
    expect(s.fills[0]?.publishedAt ?? 0).toBeGreaterThanOrEqual(s.startedAt);
    expect(s.fills[0]?.time ?? 0).toBeGreaterThanOrEqual(s.startedAt - 3000);
    const position = await text(page, '[data-testid="st-position"]');
    if (position !== 'flat') {
      expect(position).toMatch(/^(long|short) \S+ ETHUSDT \/ \S+ BTCUSDT$/);
      expect(await text(page, '[data-testid="st-unrealised"]')).toMatch(/^([+\u2212][\d,]+\.\d\d|0\.00)$/);
    }
    // Its fills priced at the touch beside the model's (the simulator prints taker buys at the ask, sells at the bid).
    await expect
      .poll(() => text(page, '[data-testid="st-touch"]'), { timeout: 30_000, interval: 250 })
      .toMatch(/^At the touch: [+\u2212]\d+\.\d\d in cost against the model, over \d+ of [1-9]\d* fills priced$/);
    // The live curve (amber) draws next to the backtest's (blue) on one chart.
    await expect.poll(() => page.evaluate<number>(countPixels('st-equity-chart', LIVE_AMBER)), { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    expect(await page.evaluate<number>(countPixels('st-equity-chart', BACKTEST_BLUE))).toBeGreaterThan(30);
  });

  it('"Backtest the live period" runs the backtest that reproduces the strategy, drawn with its live equity', async () => {
    const generation = Number(await page.locator('[data-testid="bt-report"]').getAttribute('data-generation'));
    await page.click('[data-testid="st-backtest-live"]');
    await expect.poll(async () => Number(await page.locator('[data-testid="bt-report"]').getAttribute('data-generation')), { timeout: 15_000 }).toBe(generation + 1);
    expect(await text(page, '[data-testid="bt-summary"]')).toContain('ETHUSDT/BTCUSDT at 1s · ols window 10 · entry 0.5 exit 0.1');
    expect(await page.inputValue('[data-testid="bt-entry"]')).toBe('0.5');
    await expect.poll(() => page.evaluate<number>(countPixels('st-equity-chart', BACKTEST_BLUE)), { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
  });

  it('a Strategy fill rule made in the Alerts tab fires on its next fill and links back to it', async () => {
    await page.click('[data-testid="tab-alerts"]');
    await page.selectOption('[data-testid="alert-form-type"]', 'strategy_fill');
    await expect.poll(() => page.locator(`[data-testid="alert-form-strategyId"] option[value="${strategyId}"]`).count(), { timeout: 10_000 }).toBe(1);
    await page.selectOption('[data-testid="alert-form-strategyId"]', strategyId);
    await page.fill('[data-testid="alert-form-name"]', 'paper fills');
    await page.click('[data-testid="alert-form-submit"]');
    await expect.poll(() => page.locator('[data-testid="alert-rule-row"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await text(page, '[data-testid="alert-rule-row"]')).toContain(strategyId);
    // Entry 0.5 and exit 0.1 on 1s bars: the next entry or exit comes within seconds.
    const event = page.locator('[data-testid="alert-event-row"]').first();
    await expect.poll(() => page.locator('[data-testid="alert-event-row"]').count(), { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    expect(await event.textContent()).toContain(`paper strategy ${strategyId}`);
    await event.locator('[data-testid="alert-event-link"]').click();
    await expect.poll(() => page.locator('[data-testid="st-detail"]').getAttribute('data-strategy'), { timeout: 10_000 }).toBe(strategyId);
  });

  it('Flatten closes the open position at the next fill, a trade whose exit reason is flatten', async () => {
    // The position opens and closes every few seconds at these bands: press Flatten while one is
    // open (again if the rule closed it first) until a flattened trade shows in the table.
    const flattened = async (): Promise<boolean> => {
      const reasons = await page.locator('[data-testid="st-detail"] [data-testid="bt-trade-row"]').allTextContents();
      if (reasons.some((r) => r.includes('flatten'))) return true;
      const button = page.locator('[data-testid="st-flatten"]');
      if (!(await button.isDisabled())) await button.click();
      return false;
    };
    await expect.poll(flattened, { timeout: 60_000, interval: 1000 }).toBe(true);
  });

  it('Stop ends the strategy and keeps its record', async () => {
    await page.click('[data-testid="st-stop"]');
    await expect.poll(() => text(page, '[data-testid="st-state"]'), { timeout: 10_000 }).toBe('stopped');
    expect(await page.locator('[data-testid="st-row"]').count()).toBe(1);
    expect(await page.locator('[data-testid="st-stop"]').isDisabled()).toBe(true);
    expect(problems).toEqual([]);
  });
});
