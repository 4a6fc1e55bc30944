/**
 * Alerts in real headless Chromium against the real server: start the Simulator from the UI,
 * see the rule form check a field as it is typed and show the server's 400 next to the field
 * it names, create a z-score rule on ETHUSDT/BTCUSDT at 1s with a small window and a low
 * threshold through the form, see it fire as a toast (on another tab; a click opens the Alerts
 * tab) and in the event list with its firing count; then restart the server on the same
 * database, reload, and find the rule and the event still there; then disable, edit, enable
 * and delete the rule (its events stay). The rule's webhook points at this machine
 * (127.0.0.1), which the webhook guard refuses, so the refusal shows in the tab. The browser's Notification is replaced by
 * a recording fake (headless Chromium shows none), to see the "enable notifications" control
 * ask for permission and an event become a notification.
 *
 * Console errors allowed: the 400 the test provokes (counted against the 400 responses), and
 * the refused connections of the page's reconnect attempts while the server is down for the
 * restart (nothing else, and only then).
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { text } from './page-helpers.js';
import { freePort, startTandemServer, type TandemServer } from './tandem-server.js';

const RULE_NAME = 'ETH/BTC fast z (e2e)';
const is400 = (msg: ConsoleMessage): boolean => /status of 400/.test(msg.text());
/** A recording stand-in for `Notification`: permission starts undecided and is granted when asked. */
const FAKE_NOTIFICATION = `(() => {
  const shown = [];
  class FakeNotification {
    static permission = 'default';
    static async requestPermission() { FakeNotification.permission = 'granted'; return 'granted'; }
    constructor(title, options) { shown.push({ title, body: options && options.body }); }
    close() {}
  }
  globalThis.Notification = FakeNotification;
  globalThis.__tandemNotifications = shown;
})()`;
const isRefused = (msg: ConsoleMessage): boolean => /ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(msg.text());

describe.skipIf(shouldSkipBrowserTests())('Alerts in Chromium', () => {
  let server: TandemServer | undefined;
  let browser: LaunchedChromium | undefined;
  let page: Page;
  const problems: string[] = [];
  let logged400 = 0;
  const responses400: string[] = [];
  let restarting = false;
  let ruleId = '';
  let eventId = '';
  let deadHook = '';

  beforeAll(async () => {
    server = await startTandemServer();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      if (is400(msg)) logged400 += 1;
      else if (!(restarting && isRefused(msg))) problems.push(`console.error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() === 400) responses400.push(`${res.request().method()} ${new URL(res.url()).pathname}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript({ content: FAKE_NOTIFICATION });
    deadHook = `http://127.0.0.1:${await freePort()}/hook`;
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openAlerts = async () => {
    await page.click('[data-testid="tab-alerts"]');
    await expect.poll(() => page.locator('[data-testid="alert-form"]').count(), { timeout: 10_000 }).toBe(1);
  };

  it('starts the Simulator from the sidebar', async () => {
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT');
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('live');
  });

  it('asks for notification permission from the Alerts tab', async () => {
    await openAlerts();
    expect(await text(page, '[data-testid="alert-notify"]')).toBe('Enable notifications');
    await page.click('[data-testid="alert-notify"]');
    await expect.poll(() => page.locator('[data-testid="alert-notify"]').getAttribute('data-state'), { timeout: 5000 }).toBe('granted');
  });

  it('checks a field as it is typed, and shows the server\'s 400 next to the field it names', async () => {
    await openAlerts();
    await page.selectOption('[data-testid="alert-form-type"]', 'zscore');
    await page.fill('[data-testid="alert-form-window"]', '-5');
    expect(await text(page, '[data-testid="alert-form-error-window"]')).toBe('window must be an integer from 2 to 10000 (got -5)');
    await page.fill('[data-testid="alert-form-window"]', '5');
    expect(await page.locator('[data-testid="alert-form-error-window"]').count()).toBe(0);
    // Only the server knows which symbols exist: its 400 names params.y.
    await page.fill('[data-testid="alert-form-y"]', 'NOPEUSDT');
    await page.fill('[data-testid="alert-form-x"]', 'BTCUSDT');
    await page.fill('[data-testid="alert-form-threshold"]', '0.3');
    await page.click('[data-testid="alert-form-submit"]');
    await expect.poll(() => text(page, '[data-testid="alert-form-error-y"]'), { timeout: 5000 }).toContain("unknown symbol 'NOPEUSDT'");
    expect(await text(page, '[data-testid="alert-form-server-error"]')).toMatch(/^body\/params\.y: unknown symbol 'NOPEUSDT'/);
    expect(responses400).toEqual(['POST /api/alerts/rules']);
    expect(await page.locator('[data-testid="alert-rule-row"]').count()).toBe(0);
  });

  it('creates a z-score rule on ETHUSDT/BTCUSDT at 1s through the form', async () => {
    await page.fill('[data-testid="alert-form-name"]', RULE_NAME);
    await page.selectOption('[data-testid="alert-form-severity"]', 'critical');
    await page.fill('[data-testid="alert-form-y"]', 'ETHUSDT');
    await page.fill('[data-testid="alert-form-x"]', 'BTCUSDT');
    await page.fill('[data-testid="alert-form-tf"]', '1s');
    await page.selectOption('[data-testid="alert-form-method"]', 'ols');
    await page.fill('[data-testid="alert-form-window"]', '5');
    await page.fill('[data-testid="alert-form-threshold"]', '0.3');
    await page.selectOption('[data-testid="alert-form-direction"]', 'outside');
    await page.fill('[data-testid="alert-form-cooldown"]', '0');
    await page.fill('[data-testid="alert-form-hysteresis"]', '0.1');
    await page.fill('[data-testid="alert-form-webhookUrl"]', deadHook);
    expect(await page.locator('[data-testid="alert-form-server-error"]').count()).toBe(0);
    await page.click('[data-testid="alert-form-submit"]');
    const row = page.locator(`[data-testid="alert-rule-row"][data-name="${RULE_NAME}"]`);
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    ruleId = (await row.getAttribute('data-rule')) ?? '';
    expect(ruleId).not.toBe('');
    expect(await row.locator('.alert-condition').textContent()).toBe('z-score of ETHUSDT/BTCUSDT 1s ols 5 outside \u00b10.3');
  });

  it('fires: a toast on another tab, whose click opens the Alerts tab', async () => {
    await page.click('[data-testid="tab-overview"]');
    const toast = page.locator(`[data-testid="alert-toast"][data-rule="${ruleId}"]`);
    await expect.poll(() => toast.count(), { timeout: 90_000, interval: 250 }).toBeGreaterThan(0);
    expect(await toast.first().getAttribute('data-severity')).toBe('critical');
    expect(await toast.first().textContent()).toContain(RULE_NAME);
    eventId = (await toast.first().getAttribute('data-event')) ?? '';
    const shown = await page.evaluate<{ title: string; body: string }[]>('globalThis.__tandemNotifications');
    expect(shown.map((n) => n.title)).toContain(`[CRITICAL] ${RULE_NAME}`);
    await toast.first().locator('.alert-toast-message').click();
    await expect.poll(() => page.locator('[data-testid="tab-alerts"]').getAttribute('aria-selected'), { timeout: 5000 }).toBe('true');
  });

  it('lists the event with a link to its pair chart, and counts the firing', async () => {
    const event = page.locator(`[data-testid="alert-event-row"][data-event="${eventId}"]`);
    await expect.poll(() => event.count(), { timeout: 10_000 }).toBe(1);
    expect(await event.getAttribute('data-rule')).toBe(ruleId);
    expect(await event.textContent()).toMatch(/z-score of ETHUSDT\/BTCUSDT 1s ols 5 went (above|below)/);
    expect(await event.locator('[data-testid="alert-event-link"]').getAttribute('href')).toBe('#/pair?y=ETHUSDT&x=BTCUSDT&tf=1s&method=ols&window=5');
    const firings = page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"] [data-testid="alert-rule-firings"]`);
    await expect.poll(async () => Number(await firings.textContent()), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // The webhook points at this machine (127.0.0.1), which the webhook guard refuses: the refusal shows on the rule.
    const deliveryError = page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"] [data-testid="alert-rule-delivery-error"]`);
    await expect.poll(() => text(page, `[data-testid="alert-rule-row"][data-rule="${ruleId}"] [data-testid="alert-rule-delivery-error"]`), { timeout: 30_000, interval: 500 }).toMatch(/webhook refused: 127\.0\.0\.1 is in 127\.0\.0\.0\/8/);
    expect(await deliveryError.count()).toBe(1);
    // Filtering by severity is the server's query: info hides it, critical shows it.
    await page.selectOption('[data-testid="alert-filter-severity"]', 'info');
    await expect.poll(() => event.count(), { timeout: 5000 }).toBe(0);
    await page.selectOption('[data-testid="alert-filter-severity"]', 'critical');
    await expect.poll(() => event.count(), { timeout: 5000 }).toBe(1);
  });

  it('keeps the rule and the event across a server restart and a reload', async () => {
    if (server === undefined) throw new Error('no server');
    restarting = true;
    await server.restart();
    await page.reload();
    await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
    restarting = false;
    await openAlerts();
    const row = page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.getAttribute('data-name')).toBe(RULE_NAME);
    expect(Number(await row.locator('[data-testid="alert-rule-firings"]').textContent())).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator(`[data-testid="alert-event-row"][data-event="${eventId}"]`).count(), { timeout: 10_000 }).toBe(1);
  });

  it('disables, edits and enables the rule', async () => {
    const row = page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"]`);
    await row.locator('[data-testid="alert-rule-toggle"]').click();
    await expect.poll(() => text(page, `[data-testid="alert-rule-row"][data-rule="${ruleId}"] [data-testid="alert-rule-phase"]`), { timeout: 5000 }).toBe('off');
    expect(await row.locator('[data-testid="alert-rule-toggle"]').textContent()).toBe('Enable');
    await row.locator('[data-testid="alert-rule-edit"]').click();
    expect(await page.inputValue('[data-testid="alert-form-threshold"]')).toBe('0.3');
    await page.fill('[data-testid="alert-form-threshold"]', '0.4');
    await page.click('[data-testid="alert-form-submit"]');
    await expect.poll(() => row.locator('.alert-condition').textContent(), { timeout: 5000 }).toBe('z-score of ETHUSDT/BTCUSDT 1s ols 5 outside \u00b10.4');
    await row.locator('[data-testid="alert-rule-toggle"]').click();
    await expect.poll(() => row.locator('[data-testid="alert-rule-toggle"]').textContent(), { timeout: 5000 }).toBe('Disable');
  });

  it('follows the event link to the Pair Analytics tab', async () => {
    await page.locator(`[data-testid="alert-event-row"][data-event="${eventId}"] [data-testid="alert-event-link"]`).click();
    await expect.poll(() => page.locator('[data-testid="tab-pair"]').getAttribute('aria-selected'), { timeout: 5000 }).toBe('true');
    expect(await page.inputValue('[data-testid="pair-window"]')).toBe('5');
  });

  it('deletes the rule and keeps its events', async () => {
    await page.click('[data-testid="tab-alerts"]');
    const row = page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"]`);
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await row.locator('[data-testid="alert-rule-delete"]').click();
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(0);
    await page.reload();
    await openAlerts();
    await expect.poll(() => page.locator(`[data-testid="alert-event-row"][data-event="${eventId}"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(`[data-testid="alert-rule-row"][data-rule="${ruleId}"]`).count()).toBe(0);
  });

  it('logged no console errors but the provoked 400, and threw no page errors', () => {
    expect(problems).toEqual([]);
    expect(logged400).toBe(1);
    expect(responses400).toEqual(['POST /api/alerts/rules']);
  });
});
