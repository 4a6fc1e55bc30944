/**
 * The Backtest tab in real headless Chromium against the real server: start the Simulator from
 * the UI, wait until there are enough 1s bars for trades, then run a backtest at 1s with a
 * small window and a low entry band and see the metric cards fill, the equity curve draw, the
 * trades table fill and the trades marked on the z chart; provoke the server's 400 and see it
 * beside the field it names; run a 2 × 2 × 1 sweep, see its progress reach done and the
 * heatmap draw, and click a cell to load that run; run it walk-forward and see the stitched
 * out-of-sample equity. No console errors but the 400 asked for.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { countPixels, numeric, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

const DASH = '\u2014';
const RUN = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols', window: 10, entry: 1, exit: 0 } as const;

/** Pixels the heatmap painted: its canvas is transparent but for the cells, labels and scale. */
const COUNT_HEATMAP_PIXELS = `(() => {
  let n = 0;
  for (const canvas of document.querySelectorAll('[data-testid="bt-heatmap"] canvas')) {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) continue;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n += 1;
  }
  return n;
})()`;

/** Chromium logs each 4xx answer as a console error without saying which request; the responses say. */
const is400 = (msg: ConsoleMessage): boolean => /status of 400/.test(msg.text());

describe.skipIf(shouldSkipBrowserTests())('Backtest tab in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  let logged400 = 0;
  const responses400: string[] = [];

  beforeAll(async () => {
    // Ten minutes of simulated past (600 bars a symbol at 1s) when the Simulator starts, so the run has bars at once.
    server = await startTandemServer({ env: { TANDEM_HISTORY: '10m' } });
    browser = await launchChromium({ width: 1400, height: 1000 });
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (is400(msg)) logged400 += 1;
      else problems.push(`console.error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() === 400) responses400.push(new URL(res.url()).pathname);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts the Simulator from the sidebar, with enough 1s bars to trade', async () => {
    if (server === undefined) throw new Error('no server');
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT');
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('live');
    // Asked from here rather than from the page, so that the "too few bars" answers meanwhile log nothing there.
    const url = `${server.url}/api/backtest`;
    const trades = async (): Promise<number> => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(RUN) });
      if (!res.ok) return -1;
      return ((await res.json()) as { report: { metrics: { trades: number } } }).report.metrics.trades;
    };
    await expect.poll(trades, { timeout: 90_000, interval: 1000 }).toBeGreaterThanOrEqual(2);
  });

  it("shows the server's 400 message beside the field it names", async () => {
    await page.click('[data-testid="tab-backtest"]');
    await expect.poll(() => page.locator('[data-testid="backtest-tab"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.inputValue('[data-testid="bt-entry"]')).toBe('2');
    await page.selectOption('[data-testid="bt-y"]', RUN.y);
    await page.selectOption('[data-testid="bt-x"]', RUN.x);
    await page.selectOption('[data-testid="bt-tf"]', RUN.tf);
    await page.selectOption('[data-testid="bt-method"]', RUN.method);
    // Local checks first: exit ≥ entry never leaves the page.
    await page.fill('[data-testid="bt-exit"]', '3');
    expect(await text(page, '[data-testid="bt-error-exit"]')).toContain('exit must be < entry');
    expect(await page.locator('[data-testid="bt-run"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="bt-exit"]', String(RUN.exit));
    // A window longer than the bars stored: the server says so, and the form shows it under the window.
    await page.fill('[data-testid="bt-window"]', '50000');
    await page.click('[data-testid="bt-run"]');
    await expect.poll(() => text(page, '[data-testid="bt-error-window"]'), { timeout: 10_000 }).toMatch(/window/);
    expect(responses400).toEqual(['/api/backtest']);
  });

  it('runs a backtest: the metric cards fill, the equity curve draws and the trades table has rows', async () => {
    await page.fill('[data-testid="bt-window"]', String(RUN.window));
    expect(await page.locator('[data-testid="bt-error-window"]').count()).toBe(0);
    await page.fill('[data-testid="bt-entry"]', String(RUN.entry));
    await page.click('[data-testid="bt-run"]');
    await expect.poll(() => text(page, '[data-testid="bt-metric-trades"]'), { timeout: 15_000 }).not.toBe('');
    expect(numeric(await text(page, '[data-testid="bt-metric-trades"]'))).toBeGreaterThanOrEqual(1);
    for (const id of ['total-return', 'max-drawdown', 'win-rate', 'exposure', 'fees']) expect(await text(page, `[data-testid="bt-metric-${id}"]`)).not.toBe(DASH);
    expect(await text(page, '[data-testid="bt-summary"]')).toContain('ETHUSDT/BTCUSDT at 1s · ols window 10 · entry 1 exit 0');
    await expect.poll(() => page.evaluate<number>(countPixels('bt-equity-chart', [76, 141, 255])), { timeout: 10_000, interval: 250 }).toBeGreaterThan(30);
    await expect.poll(() => page.evaluate<number>(countPixels('bt-equity-chart', [246, 70, 93])), { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
    const rows = await page.locator('[data-testid="bt-trade-row"]').count();
    expect(rows).toBe(numeric(await text(page, '[data-testid="bt-metric-trades"]')));
    // The z line draws with the trades marked on it (entry arrows are the long/short colours).
    await expect.poll(() => page.evaluate<number>(countPixels('bt-signal-chart', [34, 199, 214])), { timeout: 15_000, interval: 250 }).toBeGreaterThan(30);
    const marked = async () => (await page.evaluate<number>(countPixels('bt-signal-chart', [46, 189, 133]))) + (await page.evaluate<number>(countPixels('bt-signal-chart', [246, 70, 93])));
    await expect.poll(marked, { timeout: 10_000, interval: 250 }).toBeGreaterThan(0);
  });

  it('sorts the trades table by a column, both ways', async () => {
    const pnl = async () => (await page.locator('[data-testid="bt-trade-row"] td:nth-child(9)').allTextContents()).map((s) => Number(s.replace('\u2212', '-').replace(/[^0-9.+-]/g, '')));
    await page.click('[data-testid="bt-sort-netPnl"]');
    const asc = await pnl();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await page.click('[data-testid="bt-sort-netPnl"]');
    const desc = await pnl();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
  });

  it('runs a 2 × 2 × 1 sweep: progress reaches done and the heatmap draws', async () => {
    await page.fill('[data-testid="bt-sweep-entries"]', '1, 1.5');
    await page.fill('[data-testid="bt-sweep-exits"]', '0, 0.5');
    await page.fill('[data-testid="bt-sweep-windows"]', '10');
    expect(await text(page, '[data-testid="bt-sweep-run"]')).toBe('Run sweep (4)');
    await page.click('[data-testid="bt-sweep-run"]');
    await expect.poll(() => page.locator('[data-testid="bt-sweep-progress"]').getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('done');
    expect(await text(page, '[data-testid="bt-sweep-state"]')).toContain('4 / 4 runs');
    await expect.poll(() => page.locator('[data-testid="bt-sweep-row"]').count(), { timeout: 5000 }).toBe(4);
    await expect.poll(() => page.evaluate<number>(COUNT_HEATMAP_PIXELS), { timeout: 10_000, interval: 250 }).toBeGreaterThan(2000);
  });

  it('loads the run of a clicked heatmap cell', async () => {
    await page.locator('[data-testid="bt-heatmap"]').scrollIntoViewIfNeeded();
    const box = await page.locator('[data-testid="bt-heatmap"]').boundingBox();
    if (box === null) throw new Error('no heatmap box');
    // The grid's margins are 56 px left, 12 right, 8 top, 64 bottom (backtest-heatmap.tsx);
    // entries go upwards, so the top-right cell is entry 1.5, exit 0.5.
    const gw = box.width - 68;
    const gh = box.height - 72;
    await page.mouse.click(box.x + 56 + gw * 0.75, box.y + 8 + gh * 0.25);
    await expect.poll(() => text(page, '[data-testid="bt-summary"]'), { timeout: 15_000 }).toContain('entry 1.5 exit 0.5');
    expect(await page.inputValue('[data-testid="bt-entry"]')).toBe('1.5');
    expect(await page.inputValue('[data-testid="bt-exit"]')).toBe('0.5');
    expect(await page.inputValue('[data-testid="bt-window"]')).toBe('10');
    await expect.poll(() => page.evaluate<number>(countPixels('bt-equity-chart', [76, 141, 255])), { timeout: 10_000, interval: 250 }).toBeGreaterThan(30);
  });

  it('runs the sweep walk-forward and draws the stitched out-of-sample equity', async () => {
    await page.check('[data-testid="bt-sweep-wf"]');
    await page.fill('[data-testid="bt-sweep-folds"]', '2');
    await page.click('[data-testid="bt-sweep-run"]');
    await expect.poll(() => page.locator('[data-testid="bt-sweep-progress"]').getAttribute('data-state'), { timeout: 30_000, interval: 100 }).toBe('done');
    await page.locator('[data-testid="bt-wf"]').scrollIntoViewIfNeeded();
    expect(await text(page, '[data-testid="bt-wf"] h3')).toContain('2 folds');
    await expect.poll(() => page.evaluate<number>(countPixels('bt-wf-equity-chart', [76, 141, 255])), { timeout: 10_000, interval: 250 }).toBeGreaterThan(30);
  });

  it('logged no console errors and threw no page errors', () => {
    expect(problems).toEqual([]);
    // The one 400 was the window we asked for.
    expect(logged400).toBeLessThanOrEqual(1);
    expect(responses400).toEqual(['/api/backtest']);
  });
});
