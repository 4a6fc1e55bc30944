/**
 * The Pair Analytics tab in real headless Chromium against the real server: start the
 * Simulator from the UI, open ETHUSDT/BTCUSDT at 1s with a small window from its URL, see the
 * server's "need N bars" message while there are too few bars, then every pane draw and the
 * stats panel fill; the URL keeps a changed selection across a reload. No console errors but
 * the 422 answers the tab asked for while the pair was short of bars.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { COUNT_PAIR_PIXELS, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

const DASH = '\u2014';
const LINES = ['y', 'x', 'spread', 'z', 'corr', 'beta', 'olsBeta'] as const;

/**
 * Chromium logs each 4xx answer as a console error, without saying which request it was; the
 * responses say. The last test checks that every such error was a 422 response ("too little
 * data yet", the tab asking while bars accumulate), and nothing else was logged.
 */
const is422 = (msg: ConsoleMessage): boolean => /status of 422/.test(msg.text());

describe.skipIf(shouldSkipBrowserTests())('Pair Analytics in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  let logged422 = 0;
  const responses422: string[] = [];

  beforeAll(async () => {
    server = await startTandemServer();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (is422(msg)) logged422 += 1;
      else problems.push(`console.error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() === 422) responses422.push(new URL(res.url()).pathname);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts the Simulator from the sidebar', async () => {
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT');
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('live');
  });

  it("opens from its URL and shows the server's message while the pair has too few bars", async () => {
    if (server === undefined) throw new Error('no server');
    await page.goto(`${server.url}/#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=kalman&window=15`);
    await expect.poll(() => page.locator('[data-testid="tab-pair"]').getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    expect(await page.inputValue('[data-testid="pair-y"]')).toBe('ETHUSDT');
    expect(await page.inputValue('[data-testid="pair-x"]')).toBe('BTCUSDT');
    expect(await page.inputValue('[data-testid="pair-method"]')).toBe('kalman');
    // Seconds after the start there are too few bars: the message stands in place of the chart.
    await expect.poll(() => text(page, '[data-testid="pair-message"]'), { timeout: 10_000 }).toMatch(/need \d+ bars of (ETHUSDT|BTCUSDT) at 1s, have \d+/);
    expect(await page.locator('[data-testid="pair-chart"]').count()).toBe(0);
  });

  it('draws every pane once there are enough bars, and keeps drawing live', async () => {
    await expect.poll(() => page.locator('[data-testid="pair-chart"]').count(), { timeout: 40_000, interval: 250 }).toBe(1);
    await expect
      .poll(async () => {
        const counts = await page.evaluate<Record<string, number>>(COUNT_PAIR_PIXELS);
        return LINES.filter((l) => (counts[l] ?? 0) < 15);
      }, { timeout: 30_000, interval: 500 })
      .toEqual([]);
    const z = '[data-testid="pair-legend-z"]';
    await expect.poll(() => text(page, z), { timeout: 10_000 }).not.toContain(DASH);
    const first = await text(page, '[data-testid="pair-legend"] .legend-time');
    await expect.poll(() => text(page, '[data-testid="pair-legend"] .legend-time'), { timeout: 10_000, interval: 200 }).not.toBe(first);
  });

  it('fills the stats panel: ADF, EG p-value, half-life and health', async () => {
    const filled = (id: string) => async () => {
      const t = await text(page, `[data-testid="pair-stat-${id}"]`);
      return t !== '' && !t.startsWith(DASH);
    };
    for (const id of ['adf', 'adf-p', 'eg', 'beta', 'hurst']) await expect.poll(filled(id), { timeout: 30_000, interval: 500 }).toBe(true);
    await expect.poll(() => page.locator('[data-testid="pair-health"]').getAttribute('data-state'), { timeout: 30_000 }).toMatch(/^(cointegrated|weakening|broken)$/);
    expect(await text(page, '[data-testid="pair-health-reason"]')).not.toBe('');
    // A half-life is defined whenever the spread mean-reverts; when it does not, the health
    // rules call the pair broken and say so.
    const halflife = await text(page, '[data-testid="pair-stat-halflife"]');
    if (halflife.startsWith(DASH)) expect(await text(page, '[data-testid="pair-health-reason"]')).toMatch(/revert|half-life/);
    else expect(halflife).toMatch(/bars · \d/);
  });

  it('shows the hovered bar in the legend', async () => {
    const box = await page.locator('[data-testid="pair-chart"]').boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    await page.mouse.move(box.x + box.width - 150, box.y + box.height * 0.3);
    await expect.poll(() => page.locator('[data-testid="pair-legend"]').getAttribute('data-hovered'), { timeout: 5000 }).toBe('true');
    await page.mouse.move(box.x - 40, box.y - 40);
  });

  it('keeps a changed selection in the URL across a reload', async () => {
    await page.fill('[data-testid="pair-window"]', '12');
    await page.press('[data-testid="pair-window"]', 'Enter');
    await page.click('[data-testid="pair-tf-1s"]');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=kalman&window=12');
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="tab-pair"]').getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    expect(await page.inputValue('[data-testid="pair-window"]')).toBe('12');
    expect(await page.inputValue('[data-testid="pair-y"]')).toBe('ETHUSDT');
    expect(await page.locator('[data-testid="pair-tf-1s"]').getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => (await page.evaluate<Record<string, number>>(COUNT_PAIR_PIXELS)).z ?? 0, { timeout: 20_000, interval: 250 }).toBeGreaterThan(15);
    // Back to the Overview drops the pair route from the address.
    await page.click('[data-testid="tab-overview"]');
    await expect.poll(() => new URL(page.url()).hash).toBe('');
  });

  it('logged no console errors and threw no page errors', () => {
    expect(problems).toEqual([]);
    // Every logged 4xx was a 422, a "too little data yet" answer; the tab's own were about one a second, not a flood.
    // (Other tabs' routes may answer 422 for too little data as well; those are data states too.)
    expect(logged422).toBeLessThanOrEqual(responses422.length);
    expect(responses422.filter((p) => p === '/api/pairs/analytics').length).toBeLessThan(60);
  });
});
