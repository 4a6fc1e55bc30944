/**
 * A desk opened on imported history only (issue 14, item 3): real BTCUSDC and BTCUSDT 1m
 * klines around the March 2023 USDC depeg, imported through the API, no feed running. In
 * real headless Chromium: Pair Analytics opens on the stored pair with its charts (not on
 * ETHUSDT/BTCUSDT, and not on "need N bars" of the minutes before the wall clock); the range
 * picker's presets, its dates and zooming out ask the server for the range at the chart's
 * pixel width (`maxPoints`); the Overview's chart shows the stored candles; a backtest runs
 * over the picked range.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { COUNT_CANDLE_PIXELS, COUNT_PAIR_PIXELS, text } from './page-helpers.js';
import { REPO_ROOT, startTandemServer, type TandemServer } from './tandem-server.js';

const FIRST = Date.UTC(2023, 2, 9);
const LAST = Date.UTC(2023, 2, 13, 23, 59);

describe.skipIf(shouldSkipBrowserTests())('history range in Chromium, on imported klines only', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  const requests: URL[] = [];
  const bodies: unknown[] = [];

  beforeAll(async () => {
    server = await startTandemServer();
    for (const symbol of ['BTCUSDC', 'BTCUSDT']) {
      const csv = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'realdata', `binance_${symbol}_1m_20230309_20230313.csv`));
      const res = await fetch(`${server.url}/api/import/ohlc?symbol=${symbol}&tf=1m`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r: Request) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith('/api/')) return;
      requests.push(url);
      if (url.pathname === '/api/backtest') bodies.push(r.postDataJSON());
    });
    await page.goto(server.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const analyticsCalls = () => requests.filter((u) => u.pathname === '/api/pairs/analytics');

  it('opens Pair Analytics on the stored pair and draws it, ending at the last stored bar', async () => {
    await page.click('[data-testid="tab-pair"]');
    await expect.poll(() => page.evaluate('window.location.hash'), { timeout: 15_000 }).toContain('y=BTCUSDC&x=BTCUSDT');
    await expect.poll(async () => Object.values((await page.evaluate(COUNT_PAIR_PIXELS)) as Record<string, number>).filter((n) => n > 0).length, { timeout: 20_000 }).toBe(7);
    expect(await page.locator('[data-testid="pair-message"]').count()).toBe(0);
    await expect.poll(() => text(page, '[data-testid="range-stored"]')).toBe('stored 2023-03-09 00:00 → 2023-03-13 23:59');
    expect(await text(page, '[data-testid="range-label"]')).toBe('showing latest');
  });

  it('asks for a preset at the chart width, and for all stored data', async () => {
    const before = analyticsCalls().length;
    await page.click('[data-testid="range-1d"]');
    await expect.poll(() => analyticsCalls().length, { timeout: 30_000 }).toBeGreaterThan(before);
    const day = analyticsCalls().at(-1)!.searchParams;
    expect(Number(day.get('to'))).toBe(LAST + 60_000);
    expect(Number(day.get('from'))).toBe(LAST + 60_000 - 86_400_000);
    expect(Number(day.get('maxPoints'))).toBe(1400);
    expect(await text(page, '[data-testid="range-label"]')).toBe('showing 1d');

    const response = page.waitForResponse((r) => r.url().includes('/api/pairs/analytics') && new URL(r.url()).searchParams.get('from') === String(FIRST));
    await page.click('[data-testid="range-all"]');
    const body = (await (await response).json()) as { series: { ts: number[] }; bucketMs: number };
    expect(body.series.ts.length).toBeLessThanOrEqual(1400);
    expect(body.series.ts.length).toBeGreaterThan(1000);
    expect(body.bucketMs).toBeGreaterThan(60_000);
    await expect.poll(async () => ((await page.evaluate(COUNT_PAIR_PIXELS)) as Record<string, number>).z, { timeout: 30_000 }).toBeGreaterThan(0);
  });

  it('takes fixed UTC dates, and refuses an impossible one by name', async () => {
    await page.fill('[data-testid="range-from"]', '2023-03-10T12:00');
    await page.fill('[data-testid="range-to"]', '2023-03-11T00:00');
    await page.click('[data-testid="range-apply"]');
    await expect.poll(() => analyticsCalls().at(-1)!.searchParams.get('from'), { timeout: 30_000 }).toBe(String(Date.UTC(2023, 2, 10, 12)));
    expect(analyticsCalls().at(-1)!.searchParams.get('to')).toBe(String(Date.UTC(2023, 2, 11)));
    expect(await text(page, '[data-testid="range-label"]')).toBe('showing 2023-03-10 12:00 → 2023-03-11 00:00 UTC');
    // The browser's picker cannot make 30 February: typed into the text it would roll over.
    await page.evaluate(`document.querySelector('[data-testid="range-to"]').type = 'text'`);
    await page.fill('[data-testid="range-to"]', '2023-02-30T00:00');
    await page.click('[data-testid="range-apply"]');
    await expect.poll(() => text(page, '[data-testid="range-error"]')).toContain('to: "2023-02-30T00:00" is not a date');
  });

  it('loads more history when the user zooms out past the first point', async () => {
    await page.click('[data-testid="range-1h"]');
    await expect.poll(() => analyticsCalls().at(-1)!.searchParams.get('from'), { timeout: 30_000 }).toBe(String(LAST + 60_000 - 3_600_000));
    await expect.poll(async () => ((await page.evaluate(COUNT_PAIR_PIXELS)) as Record<string, number>).z, { timeout: 30_000 }).toBeGreaterThan(0);
    const box = (await page.locator('[data-testid="pair-chart"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4);
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 600);
          return text(page, '[data-testid="range-label"]');
        },
        { timeout: 30_000, interval: 300 },
      )
      .not.toBe('showing 1h');
    const widened = analyticsCalls().at(-1)!.searchParams;
    expect(Number(widened.get('from'))).toBeLessThan(LAST + 60_000 - 3_600_000);
    expect(Number(widened.get('maxPoints'))).toBe(1400);
  });

  it('shows the stored candles on the Overview at 1m, and backtests the picked range', async () => {
    await page.click('[data-testid="range-latest"]');
    await page.click('[data-testid="tab-overview"]');
    await page.click('[data-testid="tf-1m"]');
    await expect.poll(() => page.evaluate(COUNT_CANDLE_PIXELS), { timeout: 15_000 }).toBeGreaterThan(50);
    const bars = requests.filter((u) => u.pathname === '/api/bars' && u.searchParams.get('tf') === '1m');
    expect(bars.length).toBeGreaterThan(0);
    expect(Number(bars.at(-1)!.searchParams.get('from'))).toBeGreaterThan(FIRST);

    await page.click('[data-testid="range-1d"]');
    await page.click('[data-testid="tab-backtest"]');
    await page.click('[data-testid="bt-run"]');
    await expect.poll(() => bodies.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(bodies.at(-1)).toMatchObject({ y: 'BTCUSDC', x: 'BTCUSDT', from: LAST + 60_000 - 86_400_000, to: LAST + 60_000 });
    await expect.poll(() => text(page, '[data-testid="bt-metric-total-return"]'), { timeout: 20_000 }).toMatch(/\d/);
    expect(problems).toEqual([]);
  });
});
