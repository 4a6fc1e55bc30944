/**
 * The sidebar's data sources in real headless Chromium against the real server:
 * (a) a tick CSV uploaded through Replay → Upload lands in the store with its counts and is
 *     charted; uploading it again changes nothing; a bad OHLC file lists its bad rows;
 * (b) a Replay by path at max speed plays a small NDJSON file to done and draws candles;
 * (c) Binance Futures against the fake exchange (test/fakes) shows the data-quality panel live
 *     with lag figures, says plainly when Binance cannot be reached, and recovers.
 * No console errors but the 400 of the bad file, which is asked for.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { launchChromium, shouldSkipBrowserTests, type LaunchedChromium } from '../helpers/chromium.js';
import { COUNT_CANDLE_PIXELS, text } from './page-helpers.js';
import { startTandemServer, type TandemServer } from './tandem-server.js';

/** Files from a past day, so the charts must find them rather than look at the last two hours. */
const DAY = Date.UTC(2026, 0, 5, 9, 0);
const TICKS = 600;
const REPLAY_TICKS = 2000;

/** Tandem's tick CSV (docs/api.md): one ETHUSDT trade a second for ten minutes. */
function tickCsv(): string {
  const lines = ['symbol,ts,price,qty,trade_id,buyer_maker'];
  for (let i = 0; i < TICKS; i += 1) {
    const price = (3400 + 12 * Math.sin(i / 30) + (i % 5) * 0.25).toFixed(2);
    lines.push(`ETHUSDT,${new Date(DAY + i * 1000).toISOString()},${price},0.${(i % 9) + 1},${9_000_000 + i},${i % 2 === 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** OHLC CSV: 30 one-minute BNBUSDT bars, epoch-second timestamps. */
function goodOhlc(): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < 30; i += 1) {
    const open = 600 + 3 * Math.sin(i / 4);
    const close = 600 + 3 * Math.sin((i + 1) / 4);
    lines.push(`${(DAY + i * 60_000) / 1000},${open.toFixed(2)},${(Math.max(open, close) + 0.5).toFixed(2)},${(Math.min(open, close) - 0.5).toFixed(2)},${close.toFixed(2)},${10 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

/** OHLC CSV with three bad rows: high below the close (line 3), off the 1m grid (4), open not a number (5). */
const BAD_OHLC = [
  'timestamp,open,high,low,close,volume',
  '2026-01-05T10:00:00Z,100,101,99,100.5,10',
  '2026-01-05T10:01:00Z,100,99,101,100.5,10',
  '2026-01-05T10:02:30Z,100,101,99,100.5,10',
  '2026-01-05T10:03:00Z,abc,101,99,100.5,10',
].join('\n');

/** NDJSON `{symbol, ts, price, qty}`: SOLUSDT, a trade every 600 ms for 20 minutes. */
function replayNdjson(): string {
  let out = '';
  for (let i = 0; i < REPLAY_TICKS; i += 1) out += `${JSON.stringify({ symbol: 'SOLUSDT', ts: DAY + 3_600_000 + i * 600, price: (150 + 2 * Math.sin(i / 40) + (i % 7) * 0.01).toFixed(3), qty: '1.5' })}\n`;
  return out;
}

function watchProblems(page: Page, problems: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

const candlesDrawn = (page: Page) => expect.poll(() => page.evaluate<number>(COUNT_CANDLE_PIXELS), { timeout: 20_000, interval: 250 }).toBeGreaterThan(20);

describe.skipIf(shouldSkipBrowserTests())('data sources in Chromium', () => {
  let dir: string;
  let browser: LaunchedChromium | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-files-'));
    writeFileSync(join(dir, 'ETHUSDT-ticks.csv'), tickCsv());
    writeFileSync(join(dir, 'bad-ohlc.csv'), BAD_OHLC);
    writeFileSync(join(dir, 'BNBUSDT-1m.csv'), goodOhlc());
    writeFileSync(join(dir, 'SOLUSDT.ndjson'), replayNdjson());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('uploads and replay', () => {
    let server: TandemServer | undefined;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      // The replay-by-path case names a file of this folder: the server's data directory.
      server = await startTandemServer({ env: { TANDEM_DATA_DIR: dir } });
      page = await (browser as LaunchedChromium).context.newPage();
      watchProblems(page, problems);
      await page.goto(server.url);
    });

    afterAll(async () => {
      await page?.close();
      await server?.stop();
    });

    it('offers the sources the server lists', async () => {
      await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
      await expect.poll(() => page.locator('[data-testid="source-select"] option').allTextContents()).toEqual(['Simulator', 'Binance Futures', 'Replay']);
    });

    it('uploads a tick CSV with progress, shows the counts and charts the file; a second upload changes nothing', async () => {
      await page.selectOption('[data-testid="source-select"]', 'replay');
      await page.click('[data-testid="replay-mode-upload"]');
      expect(await page.inputValue('[data-testid="replay-symbol"]')).toBe('');
      await page.setInputFiles('[data-testid="ticks-file"]', join(dir, 'ETHUSDT-ticks.csv'));
      // A slow uplink (about 25 KB/s), so the ~33 KB upload takes long enough to watch its progress bar.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 25_000 });
      await page.click('[data-testid="ticks-upload"]');
      await expect.poll(() => text(page, '[data-testid="ticks-upload-status"]'), { timeout: 5000, interval: 50 }).toMatch(/uploading [1-9]\d?% · [\d.]+ KB of [\d.]+ KB/);
      expect(await page.locator('[data-testid="ticks-upload-status-progress"]').count()).toBe(1);
      const result = '[data-testid="ticks-upload-status-result"]';
      await expect.poll(() => text(page, result), { timeout: 15_000 }).toMatch(new RegExp(`^${TICKS} inserted · 0 duplicates · [\\d,]+ bars$`));
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
      // The file's symbol is listed, selected and charted, though the file is from months ago.
      await expect.poll(() => page.locator('[data-testid="price-card-ETHUSDT"]').count(), { timeout: 5000 }).toBe(1);
      await expect.poll(() => page.locator('[data-testid="price-card-ETHUSDT"][aria-pressed="true"]').count()).toBe(1);
      await candlesDrawn(page);
      expect(await text(page, '[data-testid="chart-legend"]')).toContain('2026-01-05');

      // The same bytes again: recognised by their SHA-256 and skipped.
      await page.click('[data-testid="ticks-upload"]');
      await expect.poll(() => text(page, result), { timeout: 15_000 }).toBe('already imported: these bytes were stored before, nothing changed');
    });

    it('imports OHLC bars, shows them at their timeframe, and a second upload stores the same bars', async () => {
      await page.fill('[data-testid="ohlc-symbol"]', 'BNBUSDT');
      await page.selectOption('[data-testid="ohlc-tf"]', '1m');
      await page.setInputFiles('[data-testid="ohlc-file"]', join(dir, 'BNBUSDT-1m.csv'));
      const result = '[data-testid="ohlc-upload-status-result"]';
      for (let i = 0; i < 2; i += 1) {
        await page.click('[data-testid="ohlc-upload"]');
        await expect.poll(() => text(page, result), { timeout: 10_000 }).toBe('30 bars stored from 30 rows');
      }
      await expect.poll(() => page.locator('[data-testid="tf-1m"]').getAttribute('aria-checked')).toBe('true');
      // BNBUSDT has bars but no ticks; it is still listed and selected.
      await expect.poll(() => page.locator('[data-testid="price-card-BNBUSDT"][aria-pressed="true"]').count(), { timeout: 5000 }).toBe(1);
      await candlesDrawn(page);
      await expect.poll(() => text(page, '[data-testid="chart-legend"]')).toContain('BNBUSDT');
      await page.click('[data-testid="tf-1s"]');
    });

    it("lists a bad OHLC file's rows by number and reason, and stores nothing", async () => {
      const before = problems.length;
      await page.fill('[data-testid="ohlc-symbol"]', 'ETHUSDT');
      await page.setInputFiles('[data-testid="ohlc-file"]', join(dir, 'bad-ohlc.csv'));
      await page.click('[data-testid="ohlc-upload"]');
      const rows = page.locator('[data-testid="ohlc-upload-status-bad-rows"] li');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
      const listed = await rows.allTextContents();
      expect(listed[0]).toMatch(/^row 3.*high 99 is below/);
      expect(listed[1]).toMatch(/^row 4.*not at the start of a 1m bar/);
      expect(listed[2]).toMatch(/^row 5.*open is not a number/);
      expect(await text(page, '[data-testid="ohlc-upload-status-error"] .field-error')).toMatch(/3 bad rows/);
      // Chromium logs every 4xx response as a console error; this one was asked for.
      await expect.poll(() => problems.length).toBeGreaterThan(before);
      expect(problems.splice(before)).toEqual([expect.stringMatching(/status of 400/)]);
    });

    it('replays an NDJSON file by path at max speed to done, and draws its candles', async () => {
      await page.selectOption('[data-testid="source-select"]', 'replay');
      await page.click('[data-testid="replay-mode-path"]');
      await page.fill('[data-testid="replay-symbol"]', 'SOLUSDT');
      await page.fill('[data-testid="replay-path"]', join(dir, 'SOLUSDT.ndjson'));
      await page.selectOption('[data-testid="replay-speed"]', 'max');
      await page.click('[data-testid="start-button"]');
      await expect.poll(() => text(page, '[data-testid="playback-state"]'), { timeout: 20_000 }).toBe('done');
      expect(await text(page, '[data-testid="playback-text"]')).toBe('2,000 / 2,000 ticks');
      expect(await page.locator('[data-testid="playback"] progress').getAttribute('value')).toBe('100');
      await expect.poll(() => page.locator('[data-testid="price-card-SOLUSDT"][aria-pressed="true"]').count(), { timeout: 5000 }).toBe(1);
      await candlesDrawn(page);
      await expect.poll(() => text(page, '[data-testid="chart-legend"]')).toContain('SOLUSDT');
      // The simulator-free, Binance-free run shows no data-quality panel.
      expect(await page.locator('[data-testid="data-quality"]').count()).toBe(0);
      // A replay that has played its whole file reads as idle: Start is offered again.
      await expect.poll(() => text(page, '[data-testid="ingestion-state"]'), { timeout: 10_000 }).toContain('idle');
      expect(await page.locator('[data-testid="start-button"]').isEnabled()).toBe(true);
    });

    it('logged no other console errors and threw no page errors', () => {
      expect(problems).toEqual([]);
    });
  });

  describe('Binance Futures against the fake exchange', () => {
    let fake: FakeBinance | undefined;
    let server: TandemServer | undefined;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      fake = await FakeBinance.start({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 3 });
      server = await startTandemServer({ env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl } });
      page = await (browser as LaunchedChromium).context.newPage();
      watchProblems(page, problems);
      await page.goto(server.url);
    });

    afterAll(async () => {
      await page?.close();
      await server?.stop();
      await fake?.stop();
    });

    it('shows each feed live with its lag', async () => {
      await expect.poll(() => text(page, '[data-testid="ws-status"]'), { timeout: 15_000 }).toContain('connected');
      await page.selectOption('[data-testid="source-select"]', 'binance');
      await page.fill('[data-testid="symbols-input"]', 'BTCUSDT,ETHUSDT');
      await page.click('[data-testid="start-button"]');
      for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
        await expect.poll(() => text(page, `[data-testid="quality-${symbol}"] [data-testid="quality-state"]`), { timeout: 20_000 }).toBe('live');
      }
      // Lags show '—' until the first status with samples arrives; wait for figures, not for any text.
      for (const figure of ['quality-lag-p50', 'quality-lag-p99']) {
        await expect.poll(() => text(page, `[data-testid="quality-BTCUSDT"] [data-testid="${figure}"]`), { timeout: 10_000 }).toMatch(/^[\d,.]+$/);
      }
      // serve's default --backfill 2d: the fake has no history before its start, so the window is done at once.
      await expect.poll(() => text(page, '[data-testid="quality-BTCUSDT"] [data-testid="quality-backfill"]'), { timeout: 10_000 }).toMatch(/^backfilled [\d,]+ min$/);
      await candlesDrawn(page);
      // A symbol picked in the panel (at universe size, beyond the watched cards) is the one charted.
      await page.click('[data-testid="quality-select-ETHUSDT"]');
      await expect.poll(() => page.getAttribute('[data-testid="price-card-ETHUSDT"]', 'aria-pressed'), { timeout: 5_000 }).toBe('true');
      expect(await page.getAttribute('[data-testid="quality-ETHUSDT"]', 'aria-selected')).toBe('true');
      await page.click('[data-testid="quality-select-BTCUSDT"]');
      await expect.poll(() => page.getAttribute('[data-testid="price-card-BTCUSDT"]', 'aria-pressed'), { timeout: 5_000 }).toBe('true');
    });

    it('says plainly that Binance cannot be reached while it is offline, and recovers', async () => {
      await fake?.goOffline();
      await expect.poll(() => text(page, '[data-testid="binance-unreachable"]'), { timeout: 20_000 }).toContain('Binance cannot be reached — retrying');
      // The page stays responsive meanwhile.
      await page.click('[data-testid="tf-1m"]');
      await expect.poll(() => page.locator('[data-testid="tf-1m"]').getAttribute('aria-checked')).toBe('true');
      await fake?.goOnline();
      await expect.poll(() => text(page, '[data-testid="quality-BTCUSDT"] [data-testid="quality-state"]'), { timeout: 30_000 }).toBe('live');
      await expect.poll(() => page.locator('[data-testid="binance-unreachable"]').count(), { timeout: 10_000 }).toBe(0);
    });

    it('logged no console errors and threw no page errors', () => {
      expect(problems).toEqual([]);
    });
  });
});
