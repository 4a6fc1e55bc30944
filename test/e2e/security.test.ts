/**
 * Issue 10, security, in real Chromium against the real `tandem serve` with TANDEM_TOKEN:
 * - the dashboard works with a token: `/?token=` sets the HttpOnly cookie, the address loses the
 *   token, and the API and the WebSocket work through the cookie alone;
 * - the strict CSP is in force (an injected inline script does not run) and every tab
 *   (Overview, Pair Analytics, Screener, Backtest, Alerts, Export, the sidebar's data sources) renders
 *   with zero CSP violations, charts and tooltips included;
 * - an alert rule named `<img src=x onerror=...>` shows as text in the Alerts tab.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { waitFor } from '../helpers/wait-for.js';
import { COUNT_CANDLE_PIXELS, text } from './page-helpers.js';
import { freePort, REPO_ROOT } from './tandem-server.js';

const TOKEN = 's3cret-e2e-token';
const XSS_NAME = '<img src=x onerror="window.__xss=1">';
const XSS_NAME_2 = '"><script>window.__xss=2</script>';

/** Collects CSP violations in the page from before its first script runs. */
const WATCH_CSP = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '') + ' @' + e.sourceFile + ':' + e.lineNumber);
  });
`;

describe.skipIf(shouldSkipBrowserTests())('security in Chromium with TANDEM_TOKEN', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let url: string;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  let log = '';
  const consoleCsp: string[] = [];
  const problems: string[] = [];

  const violations = async (): Promise<string[]> => [...consoleCsp, ...(await page.evaluate<string[]>('window.__csp'))];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-sec-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['serve', '--port', String(port), '--db', join(dir, 'tandem.db'), '--source', 'sim', '--symbols', 'BTCUSDT,ETHUSDT,SOLUSDT', '--history', '10m'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TANDEM_TOKEN: TOKEN, TANDEM_DATA_DIR: dir },
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitFor(`tandem serve to listen (output: ${log})`, () => log.includes('dashboard and API on'), 30_000);
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    for (const name of [XSS_NAME, XSS_NAME_2]) {
      const res = await fetch(`${url}/api/alerts/rules`, { method: 'POST', headers: auth, body: JSON.stringify({ name, type: 'price', params: { symbol: 'BTCUSDT', level: 1e9, direction: 'above' } }) });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.addInitScript({ content: WATCH_CSP });
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) consoleCsp.push(msg.text());
      else if (msg.type() === 'error' && !/status of 4(00|04|22)/.test(msg.text())) problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the dashboard without the token', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('opens with /?token=, drops the token from the address, and runs on the HttpOnly cookie', async () => {
    await page.goto(`${url}/?token=${TOKEN}`);
    expect(page.url()).toBe(`${url}/`);
    // HttpOnly: the page's scripts cannot read the session.
    expect(await page.evaluate<string>('document.cookie')).not.toContain('tandem_session');
    const cookies = await browser!.context.cookies(url);
    expect(cookies.find((c) => c.name === 'tandem_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The WebSocket (through the cookie) connects and the REST calls answer.
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 15_000 }).toContain('live');
  });

  it('enforces the CSP: an inline script injected into the page does not run', async () => {
    const ran = await page.evaluate<unknown>(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.appendChild(s);
      return window.__inline;
    })()`);
    expect(ran).toBeUndefined();
    await expect.poll(() => page.evaluate<string[]>('window.__csp'), { timeout: 5000 }).toEqual([expect.stringMatching(/^script-src/)]);
    await page.evaluate('window.__csp.length = 0');
    consoleCsp.length = 0;
  });

  it('renders every tab with zero CSP violations', async () => {
    // Overview: live candles (lightweight-charts), metric cards, the correlation heatmap (ECharts) and its tooltip.
    await page.click('[data-testid="tab-overview"]');
    await expect.poll(() => page.evaluate<number>(COUNT_CANDLE_PIXELS), { timeout: 20_000, interval: 250 }).toBeGreaterThan(20);
    await expect.poll(() => page.locator('[data-testid="corr-heatmap"] canvas').count(), { timeout: 30_000, interval: 250 }).toBeGreaterThan(0);
    const heat = await page.locator('[data-testid="corr-heatmap"]').boundingBox();
    if (heat !== null) {
      await page.mouse.move(heat.x + heat.width / 2, heat.y + heat.height / 3);
      await page.mouse.move(heat.x + heat.width / 2 + 5, heat.y + heat.height / 3 + 5);
    }
    // Pair Analytics: a short window, so the spread and z-score chart draws within seconds; hover it.
    await page.evaluate("location.hash = '#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=15'");
    await expect.poll(() => page.locator('[data-testid="tab-pair"]').getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => page.locator('[data-testid="pair-chart"] canvas').count(), { timeout: 45_000, interval: 250 }).toBeGreaterThan(0);
    const pair = await page.locator('[data-testid="pair-chart"]').boundingBox();
    if (pair !== null) await page.mouse.move(pair.x + pair.width / 2, pair.y + pair.height / 2);
    // Screener: its own chunk and stylesheet; a ranking (or what it is missing) and, once there
    // are rows, their SVG sparklines.
    await page.click('[data-testid="tab-screener"]');
    await expect.poll(() => page.locator('[data-testid="scr-symbols"]').count(), { timeout: 30_000, interval: 250 }).toBe(1);
    // Backtest: its own chunk and stylesheet, loaded on demand.
    await page.click('[data-testid="tab-backtest"]');
    await expect.poll(() => page.locator('[data-testid="backtest-tab"]').count(), { timeout: 15_000 }).toBe(1);
    // Run with the form's defaults: a report on the generated past, or a 400/422 (too little
    // history) drawn as a form error; either way its charts and messages render under the CSP.
    await page.click('[data-testid="bt-run"]');
    // Export, then Alerts.
    await page.click('[data-testid="tab-export"]');
    await page.waitForTimeout(500);
    await page.click('[data-testid="tab-alerts"]');
    await expect.poll(() => page.locator('[data-testid="alert-rule-row"]').count(), { timeout: 15_000 }).toBe(2);
    // Back to Overview once more for its live updates.
    await page.click('[data-testid="tab-overview"]');
    await page.waitForTimeout(1500);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows alert rule names that are HTML as text', async () => {
    await page.click('[data-testid="tab-alerts"]');
    await expect.poll(() => page.locator('[data-testid="alert-rule-row"]').count(), { timeout: 15_000 }).toBe(2);
    const names = await page.locator('[data-testid="alert-rule-row"] .alert-rule-name').allTextContents();
    expect(names.sort()).toEqual([XSS_NAME, XSS_NAME_2].sort());
    expect(await page.locator('[data-testid="alert-rule-row"] img, [data-testid="alert-rule-row"] script').count()).toBe(0);
    // The event filter lists the rules by name too.
    const options = await page.locator('[data-testid="alert-filter-rule"] option').allTextContents();
    expect(options).toEqual(expect.arrayContaining([XSS_NAME, XSS_NAME_2]));
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    expect(await violations()).toEqual([]);
  });
});
