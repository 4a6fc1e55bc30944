#!/usr/bin/env node
// Makes docs/screenshot.png: the live dashboard after some simulated trading.
//
//   npm run build && node scripts/take-screenshot.mjs [--seconds 90] [--out docs/screenshot.png]
//
// It starts `./bin/tandem serve` on a free port with a throw-away database, opens the
// dashboard in headless Chromium (Debian's /usr/bin/chromium, the same flags as the browser
// tests in test/helpers/chromium.ts), presses Start with the Simulator, lets bars accumulate,
// reloads the page (so the chart starts from history, as a user opening it sees it), rests
// the crosshair on a recent bar so the legend shows it, and saves a 1400×860 screenshot.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '90' }, out: { type: 'string', default: 'docs/screenshot.png' } } });
const seconds = Number(values.seconds);
const out = resolve(root, values.out);
const chromiumPath = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';

for (const file of ['dist/cli/main.js', 'dist/web/index.html']) {
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run "npm run build" first`);
}

const port = await new Promise((res, rej) => {
  const srv = createServer();
  srv.once('error', rej);
  srv.listen(0, '127.0.0.1', () => {
    const { port: p } = srv.address();
    srv.close(() => res(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'tandem-shot-'));
const server = spawn(join(root, 'bin', 'tandem'), ['serve', '--port', String(port), '--db', join(dir, 'tandem.db')], { cwd: root, stdio: 'inherit', env: { ...process.env, TANDEM_TOKEN: '' } });
const url = `http://127.0.0.1:${port}`;
const profile = mkdtempSync(join(tmpdir(), 'tandem-chromium-'));
let context;
try {
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok === true, 30_000, 'the server to answer /api/health');
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 860 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.selectOption('[data-testid="source-select"]', 'simulator');
  await page.click('[data-testid="start-button"]');
  await waitFor(async () => (await page.textContent('[data-testid="ingestion-state"]'))?.includes('live'), 10_000, 'ingestion to go live');
  console.log(`recording ${seconds} s of simulated trading…`);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  // Reload, so the chart shows the page as a user opening it finds it: history from REST,
  // joined with the live stream, framed to fill the width.
  await page.reload();
  await waitFor(async () => (await page.textContent('[data-testid="ws-status"]'))?.includes('connected'), 10_000, 'the stream to reconnect');
  await new Promise((r) => setTimeout(r, 2500));
  const box = await page.locator('[data-testid="candle-chart"]').boundingBox();
  if (box) await page.mouse.move(box.x + box.width - 190, box.y + box.height * 0.45);
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
