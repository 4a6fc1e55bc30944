/**
 * The Screener tab (issue 16, item 2) in real headless Chromium against the real server: the
 * Simulator started with two days of deterministic history (`TANDEM_HISTORY=2d`, so four
 * symbols have thousands of 1m bars at once) and the live screener every 3 s
 * (`TANDEM_SCREEN_EVERY`). The tab draws the ranked pairs with their spread sparklines and the
 * ranking's as-of, symbols and tested pairs, and follows the live screener's pushes at its
 * settings; a header click sorts the rows (again: the other way); a control change asks the
 * server again with the new settings (no longer live) and a bad one is named under its row; a
 * row click opens Pair Analytics on that pair at the ranking's timeframe, which draws; the
 * Alerts form creates a `screener_entry` rule. No console errors, no CSP violations.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { waitFor } from '../helpers/wait-for.js';
import { COUNT_PAIR_PIXELS, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];

/** Collects CSP violations in the page from before its first script runs (as security.test.ts). */
const WATCH_CSP = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
`;

/** A formatted cell as a number: true minus, thousands separators; NaN for a dash. */
const cellNumber = (s: string): number => (/\d/.test(s) ? Number(s.replace(/\u2212/g, '-').replace(/,/g, '').split(' ')[0]) : Number.NaN);

describe.skipIf(shouldSkipBrowserTests())('the Screener tab in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  const screenerCalls: URL[] = [];

  const column = async (col: string): Promise<number[]> => (await page.locator(`[data-testid="scr-row"] td[data-col="${col}"]`).allTextContents()).map(cellNumber);

  beforeAll(async () => {
    server = await startTandemServer({ env: { TANDEM_HISTORY: '2d', TANDEM_SCREEN_EVERY: '3' } });
    const res = await fetch(`${server.url}/api/ingestion/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'simulator', symbols: SYMBOLS }) });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    // The history is stored in the background: wait, from outside the page, until the server
    // ranks every symbol's pairs at the tab's defaults (1,440 bars of 1m).
    let last = '';
    await waitFor(
      `GET /api/screener to rank all ${SYMBOLS.length} symbols (last answer: ${last})`,
      async () => {
        last = await (await fetch(`${server!.url}/api/screener?tf=1m`)).text();
        return (JSON.parse(last) as { symbols?: string[] }).symbols?.length === SYMBOLS.length;
      },
      60_000,
      1000,
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.addInitScript({ content: WATCH_CSP });
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r: Request) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/screener') screenerCalls.push(url);
    });
    await page.goto(server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the ranked pairs with their sparklines, as of the last bar', async () => {
    await page.click('[data-testid="tab-screener"]');
    await page.waitForSelector('[data-testid="screener-tab"]');
    await expect.poll(() => page.locator('[data-testid="scr-row"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const rows = await page.locator('[data-testid="scr-row"]').count();
    expect(rows).toBeLessThanOrEqual(6);
    expect(await text(page, '[data-testid="scr-symbols"]')).toBe('4');
    expect(Number(await text(page, '[data-testid="scr-tested"]'))).toBeGreaterThanOrEqual(rows);
    expect(await text(page, '[data-testid="scr-asof"]')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // Every row's sparkline has a line of up to 60 points across its box.
    const sparks = await page.locator('[data-testid="scr-row"] [data-testid="scr-spark"] polyline').evaluateAll((els) => els.map((e) => (e.getAttribute('points') ?? '').split(' ').length));
    expect(sparks).toHaveLength(rows);
    for (const n of sparks) {
      expect(n).toBeGreaterThan(10);
      expect(n).toBeLessThanOrEqual(60);
    }
    const box = await page.locator('[data-testid="scr-spark"]').first().boundingBox();
    expect(box?.width).toBeGreaterThan(50);
    // The server's order: p-value ascending.
    const p = await column('pvalue');
    expect(p).toEqual([...p].sort((a, b) => a - b));
    expect(screenerCalls[0]?.searchParams.get('tf')).toBe('1m');
  });

  it('follows the live screener at its own settings (the defaults)', async () => {
    await expect.poll(() => text(page, '[data-testid="scr-source"]'), { timeout: 30_000 }).toBe('live');
    expect(await page.locator('[data-testid="scr-row"]').count()).toBeGreaterThanOrEqual(3);
    // Live pushes replace the ranking; the tab asks the server nothing more meanwhile.
    const calls = screenerCalls.length;
    await page.waitForTimeout(4000);
    expect(screenerCalls.length).toBe(calls);
  });

  it('sorts by a clicked column, and the other way on a second click', async () => {
    await page.click('[data-testid="scr-sort-score"]');
    const desc = await column('score');
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Score');
    await page.click('[data-testid="scr-sort-score"]');
    const asc = await column('score');
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Score');
    await page.click('[data-testid="scr-sort-corr"]');
    const corr = await column('corr');
    expect(corr).toEqual([...corr].sort((a, b) => b - a));
  });

  it('names a bad control under its field, and screens again with a good one', async () => {
    await page.fill('[data-testid="scr-lookback"]', '10');
    await expect.poll(() => text(page, '[data-testid="scr-error-lookback"]')).toBe('lookback must be an integer from 30 to 20000 (got 10)');
    expect(await page.locator('[data-testid="scr-refresh"]').isDisabled()).toBe(true);
    const before = screenerCalls.length;
    await page.fill('[data-testid="scr-lookback"]', '600');
    await expect.poll(() => screenerCalls.at(-1)?.searchParams.get('lookback'), { timeout: 10_000 }).toBe('600');
    // One request for the good value, none for the bad one or the keystrokes between.
    expect(screenerCalls.length).toBe(before + 1);
    await expect.poll(() => text(page, '[data-testid="scr-summary"]'), { timeout: 30_000 }).toContain('lookback 600 × 1m');
    // Not the live screener's settings: fetched.
    expect(await text(page, '[data-testid="scr-source"]')).toMatch(/^fetched \d\d:\d\d:\d\d$/);
    expect(await page.locator('[data-testid="scr-row"]').count()).toBeGreaterThanOrEqual(3);
    await page.click('[data-testid="scr-refresh"]');
    await expect.poll(() => screenerCalls.length, { timeout: 10_000 }).toBe(before + 2);
  });

  it('says what is missing when no pair can be ranked', async () => {
    await page.fill('[data-testid="scr-minCorr"]', '0.999');
    await expect.poll(() => text(page, '[data-testid="scr-empty"]'), { timeout: 30_000 }).toBe('no pair of the 4 symbols passed the prefilter |corr| ≥ 0.999; lower minCorr');
    expect(await page.locator('[data-testid="scr-table"]').count()).toBe(0);
    await page.fill('[data-testid="scr-minCorr"]', '');
    await expect.poll(() => page.locator('[data-testid="scr-row"]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  });

  it('opens the clicked pair in Pair Analytics at the ranking’s timeframe', async () => {
    const pair = (await page.locator('[data-testid="scr-row"]').first().getAttribute('data-pair')) ?? '';
    const row = page.locator(`[data-testid="scr-row"][data-pair="${pair}"]`);
    const [y, x] = pair.split('/');
    expect(SYMBOLS).toContain(y);
    expect(SYMBOLS).toContain(x);
    await row.locator('td[data-col="score"]').click();
    await expect.poll(() => new URL(page.url()).hash, { timeout: 5000 }).toMatch(new RegExp(`^#/pair\\?y=${y}&x=${x}&tf=1m(&|$)`));
    expect(await page.locator('[data-testid="tab-pair"]').getAttribute('aria-selected')).toBe('true');
    expect(await page.inputValue('[data-testid="pair-y"]')).toBe(y);
    expect(await page.inputValue('[data-testid="pair-x"]')).toBe(x);
    expect(await page.locator('[data-testid="pair-tf-1m"]').getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => ((await page.evaluate(COUNT_PAIR_PIXELS)) as Record<string, number>).spread, { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('comes back to the Screener with its order and settings', async () => {
    await page.click('[data-testid="tab-screener"]');
    await expect.poll(() => page.locator('[data-testid="scr-row"]').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(await page.inputValue('[data-testid="scr-lookback"]')).toBe('600');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Corr');
  });

  it('creates a screener_entry alert rule through the Alerts form', async () => {
    await page.click('[data-testid="tab-alerts"]');
    await expect.poll(() => page.locator('[data-testid="alert-form"]').count(), { timeout: 10_000 }).toBe(1);
    await page.selectOption('[data-testid="alert-form-type"]', 'screener_entry');
    await page.fill('[data-testid="alert-form-name"]', 'new cointegrated pair');
    await page.fill('[data-testid="alert-form-topN"]', '0');
    expect(await text(page, '[data-testid="alert-form-error-topN"]')).toBe('topN must be an integer from 1 to 1000 (got 0)');
    await page.fill('[data-testid="alert-form-topN"]', '5');
    await page.fill('[data-testid="alert-form-maxPvalue"]', '0.01');
    await page.fill('[data-testid="alert-form-tf"]', '1m');
    await page.click('[data-testid="alert-form-submit"]');
    const row = page.locator('[data-testid="alert-rule-row"][data-name="new cointegrated pair"]');
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.locator('.alert-condition').textContent()).toBe("a pair enters the screener's top 5 at 1m with p < 0.01");
    const rules = (await (await fetch(`${server!.url}/api/alerts/rules`)).json()) as { items: { type: string; params: unknown }[] };
    expect(rules.items.find((r) => r.type === 'screener_entry')?.params).toEqual({ topN: 5, maxPvalue: 0.01, tf: '1m' });
  });

  it('logged no console errors, threw no page errors and broke no CSP rule', async () => {
    expect(problems).toEqual([]);
    expect(await page.evaluate<string[]>('window.__csp')).toEqual([]);
  });
});
