/**
 * The dashboard in real headless Chromium against the real server: pick Simulator, press
 * Start, and the candle chart draws and the price cards move, with no console errors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { COUNT_CANDLE_PIXELS, numeric, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

describe.skipIf(shouldSkipBrowserTests())('dashboard in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTandemServer();
    browser = await launchChromium();
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

  it('connects to the stream and shows the server idle', async () => {
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 5000 }).toContain('idle');
    // Overview first; other tabs (Pair Analytics, ...) follow it.
    expect((await page.locator('[role="tab"]').allTextContents())[0]).toBe('Overview');
  });

  it('checks symbols before sending them, with the same rule as the server', async () => {
    await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,not a symbol');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="symbols-error"]')).toContain("'not a symbol'");
  });

  it("shows the server's 400 message inline when it refuses a start", async () => {
    // 101 well-formed symbols: valid to the client, over the API's limit of 100.
    const many = Array.from({ length: 101 }, (_, i) => `SYM${i}USDT`).join(',');
    const before = problems.length;
    await page.fill('[data-testid="symbols-input"]', many);
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-error"]'), { timeout: 5000 }).toMatch(/symbols/);
    // Chromium logs every 4xx response as a console error; this one was asked for.
    const logged = problems.splice(before);
    expect(logged).toEqual([expect.stringMatching(/status of 400/)]);
    await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT');
  });

  it('draws live candles and moves the price cards after Simulator → Start', async () => {
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('live');

    await expect.poll(() => page.evaluate<number>(COUNT_CANDLE_PIXELS), { timeout: 20_000, interval: 250 }).toBeGreaterThan(20);

    const last = '[data-testid="price-card-BTCUSDT"] [data-testid="price-last"]';
    await expect.poll(async () => numeric(await text(page, last)), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = await text(page, last);
    await expect.poll(() => text(page, last), { timeout: 15_000, interval: 100 }).not.toBe(first);
    expect(await page.locator('[data-testid="price-cards"] > [data-testid^="price-card-"]').count()).toBe(4);
  });

  it('shows the hovered bar in the legend', async () => {
    const box = await page.locator('[data-testid="candle-chart"]').boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    // Left of the newest bar: the chart keeps 4 bars of space right of it, before the ~70 px price
    // axis. Where the bars are depends on how many there are yet, so the pointer moves further left
    // on each poll until it is over one.
    let step = 0;
    const hover = async (): Promise<string | null> => {
      await page.mouse.move(box.x + box.width - 100 - 20 * (step++ % 20), box.y + box.height * 0.5);
      return page.locator('[data-testid="chart-legend"]').getAttribute('data-hovered');
    };
    await expect.poll(hover, { timeout: 10_000, interval: 100 }).toBe('true');
    await page.mouse.move(box.x + box.width + 20, box.y - 20);
  });

  it('logged no console errors and threw no page errors', () => {
    expect(problems).toEqual([]);
  });
});
