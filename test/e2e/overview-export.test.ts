/**
 * The Overview's figures, the correlation panel and the Data Export tab in real headless
 * Chromium against the real server: after Simulator → Start the price cards fill with the
 * server's figures (VWAPs, buy/sell imbalance) and the simulator's funding, the heatmap and the lagged correlation draw,
 * a heatmap cell opens its pair in Pair Analytics (`#/pair?...`), and the Export tab downloads
 * a ticks CSV with its header and rows, bars, and the pair series as CSV, Parquet and Arrow.
 * No console errors.
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { duckQuery } from '../helpers/duckdb.js';
import { numeric, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

/**
 * Counts opaque pixels within 16 of any of `colours` in the canvases under `selector`. The
 * correlation charts draw on a transparent canvas, so only what they paint can match.
 */
function countPixels(selector: string, colours: readonly (readonly [number, number, number])[]): string {
  return `(() => {
    const targets = ${JSON.stringify(colours)};
    let n = 0;
    for (const canvas of document.querySelectorAll(${JSON.stringify(`${selector} canvas`)})) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const ctx = canvas.getContext('2d');
      if (!ctx) continue;
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] < 100) continue;
        for (const [r, g, b] of targets) {
          if (Math.abs(px[i] - r) < 16 && Math.abs(px[i + 1] - g) < 16 && Math.abs(px[i + 2] - b) < 16) { n += 1; break; }
        }
      }
    }
    return n;
  })()`;
}

/** ρ = +1 (the diagonal, always present) is the top of the diverging scale: #f0b90b. */
const HEATMAP_PIXELS = countPixels('[data-testid="corr-heatmap"]', [[240, 185, 11]]);
/** The lagged bars: amber for ρ ≥ 0, blue below. */
const LAGGED_PIXELS = countPixels('[data-testid="corr-lagged"]', [
  [240, 185, 11],
  [76, 141, 255],
]);

describe.skipIf(shouldSkipBrowserTests())('overview figures, correlation and export in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // Ten minutes of generated past (bars), so the pair the heatmap opens can be analysed at once
    // instead of after 40 live 1 s bars; the cards, ticks and downloads still come from the live feed.
    server = await startTandemServer({ env: { TANDEM_HISTORY: '10m' } });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Chromium's console line for a 4xx names no URL: record which request it was.
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
    });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('fills the price cards with VWAPs and the buy/sell imbalance after Simulator → Start', async () => {
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('live');

    const card = '[data-testid="price-card-BTCUSDT"]';
    await expect.poll(async () => numeric(await text(page, `${card} [data-testid="metric-vwap-rolling"] .ov-value`)), { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);
    await expect.poll(async () => numeric(await text(page, `${card} [data-testid="metric-vwap-session"] .ov-value`)), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => text(page, `${card} [data-testid="metric-imbalance-value"]`), { timeout: 10_000 }).toMatch(/^[+\u2212]\d\.\d\d$/);
    expect(await page.locator(`${card} [data-testid="metric-amihud"]`).getAttribute('title')).toMatch(/log return/);
    // The change line now speaks for the chosen window.
    expect(await text(page, `${card} .card-window`)).toBe('60 × 1s');
  });

  it("shows the simulator's funding on the cards: the rate per 8 h the server reports, the mark and the countdown", async () => {
    const card = '[data-testid="price-card-BTCUSDT"]';
    await expect.poll(() => text(page, `${card} [data-testid="funding-rate"]`), { timeout: 15_000, interval: 250 }).toMatch(/^(?:[+\u2212]0\.0\d{3}|0\.0000)%$/);
    const res = await fetch(`${server?.url ?? ''}/api/status`);
    const status = (await res.json()) as { symbols: { symbol: string; mark?: { fundingRate: number | null } | null }[] };
    const rate = status.symbols.find((s) => s.symbol === 'BTCUSDT')?.mark?.fundingRate;
    expect(typeof rate).toBe('number');
    // The simulator's rate is fixed per settlement, so the card and the API agree.
    const shown = await text(page, `${card} [data-testid="funding-rate"]`);
    // Four decimals of a percent: within half of 1e-6 as a fraction.
    expect(Number(shown.replace('\u2212', '-').replace('%', '')) / 100).toBeCloseTo(rate!, 6);
    expect(await text(page, `${card} [data-testid="funding-countdown"]`)).toMatch(/^[0-7]:[0-5]\d:[0-5]\d$/);
    expect(numeric(await text(page, `${card} [data-testid="funding-mark"]`))).toBeGreaterThan(0);
  });

  it('draws the correlation heatmap and the lagged correlation of the default pair', async () => {
    await expect.poll(() => page.evaluate<number>(HEATMAP_PIXELS), { timeout: 20_000, interval: 250 }).toBeGreaterThan(100);
    // A symbol joins the heatmap once it has three bars in the window; the quietest one may come later.
    await expect
      .poll(() => page.locator('[data-testid="corr-heatmap"]').getAttribute('aria-label'), { timeout: 30_000, interval: 250 })
      .toBe('Correlation heatmap of BTCUSDT, ETHUSDT, SOLUSDT, BNBUSDT');
    // The server needs maxLag + 3 aligned returns: about 15 one-second bars.
    await expect.poll(() => page.evaluate<number>(LAGGED_PIXELS), { timeout: 30_000, interval: 500 }).toBeGreaterThan(20);
    expect(await text(page, '[data-testid="corr-verdict"]')).toMatch(/leads|in step/);
  });

  it('opens Pair Analytics on a heatmap cell, y the row and x the column', async () => {
    // Pair Analytics loads the pair at once, and until the server holds enough bars for it
    // (about 2 × its window) it answers 422, which Chromium logs as a console error: check, from
    // outside the page, that the server can analyse the pair with its defaults (the generated
    // past gives it the bars from the start).
    const analytics = `${server?.url ?? ''}/api/pairs/analytics?y=ETHUSDT&x=BTCUSDT&tf=1s`;
    await expect.poll(async () => (await fetch(analytics)).status, { timeout: 60_000, interval: 1000 }).toBe(200);
    const box = await page.locator('[data-testid="corr-heatmap"]').boundingBox();
    expect(box).not.toBeNull();
    if (box === null) return;
    // The grid's margins (correlation-heatmap.tsx): left 72, right 8, top 6, bottom 46; 4 × 4 cells.
    const cellW = (box.width - 80) / 4;
    const cellH = (box.height - 52) / 4;
    // Row 2 (ETHUSDT), column 1 (BTCUSDT).
    await page.mouse.click(box.x + 72 + cellW * 0.5, box.y + 6 + cellH * 1.5);
    await expect.poll(() => new URL(page.url()).hash, { timeout: 5000 }).toMatch(/^#\/pair\?y=ETHUSDT&x=BTCUSDT&tf=1s(&|$)/);
  });

  it('downloads the ticks of a symbol as CSV from the Data Export tab', async () => {
    await page.click('[data-testid="tab-export"]');
    await page.waitForSelector('[data-testid="export-tab"]');
    await page.selectOption('[data-testid="export-symbol"]', 'ETHUSDT');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')]);
    expect(download.suggestedFilename()).toBe('ETHUSDT-ticks.csv');
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('symbol,ts,price,qty,trade_id,buyer_maker');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.slice(1).every((l) => /^ETHUSDT,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/.test(l))).toBe(true);
  });

  it('downloads bars of a typed timeframe', async () => {
    await page.click('[data-testid="export-kind-bars"]');
    await page.fill('[data-testid="export-tf"]', '5s');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')]);
    expect(download.suggestedFilename()).toBe('ETHUSDT-5s-bars.csv');
    const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,open,high,low,close,volume,vwap,trades');
    expect(lines.length).toBeGreaterThan(1);
  });

  it('downloads the Pair Analytics series of a pair', async () => {
    await page.click('[data-testid="export-kind-pair"]');
    await page.selectOption('[data-testid="export-symbol"]', 'ETHUSDT');
    await page.selectOption('[data-testid="export-x"]', 'BTCUSDT');
    await page.fill('[data-testid="export-tf"]', '1s');
    await page.selectOption('[data-testid="export-method"]', 'ols');
    await page.fill('[data-testid="export-window"]', '5');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')]);
    expect(download.suggestedFilename()).toMatch(/^ETHUSDT-BTCUSDT-1s-ols-5/);
    const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,y,x,y_filled,x_filled,beta,alpha,spread,z,corr,ols_beta');
    expect(lines.length).toBeGreaterThan(10);
  });

  it('downloads the same pair series as Parquet and as an Arrow stream', async () => {
    await page.click('[data-testid="export-format-parquet"]');
    const [parquet] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')]);
    expect(parquet.suggestedFilename()).toMatch(/^ETHUSDT-BTCUSDT-1s-ols-5.*\.parquet$/);
    const pq = await duckQuery(readFileSync(await parquet.path()), 'SELECT count(*), typeof(any_value(timestamp)), count(beta) FROM read_parquet({file})');
    expect(Number(pq.rows[0]![0])).toBeGreaterThan(10);
    expect(pq.rows[0]![1]).toBe('TIMESTAMP WITH TIME ZONE');
    await page.click('[data-testid="export-format-arrow"]');
    const [arrow] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-download"]')]);
    expect(arrow.suggestedFilename()).toMatch(/\.arrow$/);
    const table = tableFromIPC(readFileSync(await arrow.path()));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['timestamp', 'y', 'x', 'y_filled', 'x_filled', 'beta', 'alpha', 'spread', 'z', 'corr', 'ols_beta']);
    expect(table.numRows).toBeGreaterThan(10);
    await page.click('[data-testid="export-format-csv"]');
  });

  it('logged no console errors and threw no page errors', () => {
    // Pair Analytics answers 422 "need N bars" until the pair has enough bars for the tab's own
    // range and shows that message by design; Chromium logs each such answer as a console error.
    const pair422 = problems.filter((p) => /^HTTP 422 .*\/api\/pairs\/analytics\?/.test(p)).length;
    let allowance = pair422;
    const rest = problems.filter((p) => {
      if (/^HTTP 422 .*\/api\/pairs\/analytics\?/.test(p)) return false;
      if (allowance > 0 && /status of 422/.test(p)) {
        allowance--;
        return false;
      }
      return true;
    });
    expect(rest, rest.join('\n')).toEqual([]);
  });
});
