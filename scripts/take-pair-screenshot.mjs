#!/usr/bin/env node
// Makes docs/pair-analytics.png: the Pair Analytics tab on live simulated data.
//
//   npm run build && node scripts/take-pair-screenshot.mjs [--seconds 45] [--watch 240] [--out docs/pair-analytics.png]
//       [--pair 'y=ETHUSDT&x=BTCUSDT&tf=1s&method=kalman&window=30']
//
// It starts `./bin/tandem serve` on a free port with a throw-away database, opens the
// dashboard in headless Chromium (Debian's /usr/bin/chromium, the browser tests' flags),
// starts the Simulator, lets `--seconds` of bars accumulate, opens the tab from its URL, and
// then watches the health state for up to `--watch` seconds: when it changes (the simulator's
// regime shifts move the hedge ratio), it waits for the charts to settle and shoots at once;
// otherwise it shoots at the end. It prints the states it saw, so the caller knows which.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '45' },
    watch: { type: 'string', default: '240' },
    out: { type: 'string', default: 'docs/pair-analytics.png' },
    pair: { type: 'string', default: 'y=ETHUSDT&x=BTCUSDT&tf=1s&method=kalman&window=30' },
    // Serve a copy of this database (e.g. from scripts/make-regime-demo.ts) instead of simulating.
    db: { type: 'string' },
  },
});
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
if (values.db !== undefined) copyFileSync(values.db, join(dir, 'tandem.db'));
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
    viewport: { width: 1400, height: 900 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  if (values.db === undefined) {
    await page.selectOption('[data-testid="source-select"]', 'simulator');
    await page.click('[data-testid="start-button"]');
    await waitFor(async () => (await page.textContent('[data-testid="ingestion-state"]'))?.includes('live'), 10_000, 'ingestion to go live');
    console.log(`recording ${values.seconds} s of simulated trading…`);
    await sleep(Number(values.seconds) * 1000);
  }
  await page.goto(`${url}/#/pair?${values.pair}`);
  await waitFor(async () => (await page.locator('[data-testid="pair-chart"]').count()) === 1, 60_000, 'the pair chart');
  const state = () => page.locator('[data-testid="pair-health"]').getAttribute('data-state');
  await waitFor(async () => (await state()) !== 'none', 30_000, 'the first health state');
  const seen = [await state()];
  console.log(`health: ${seen[0]}; watching up to ${values.watch} s for a change…`);
  const deadline = values.db === undefined ? Date.now() + Number(values.watch) * 1000 : Date.now() + 3000;
  while (Date.now() < deadline) {
    const now = await state();
    if (now !== seen[seen.length - 1]) {
      seen.push(now);
      console.log(`health turned ${seen.at(-2)} → ${now}: ${await page.textContent('[data-testid="pair-health-reason"]')}`);
      break;
    }
    await sleep(500);
  }
  // The crosshair on a recent bar, so the legend shows exact values.
  const box = await page.locator('[data-testid="pair-chart"]').boundingBox();
  if (box) await page.mouse.move(box.x + box.width - 160, box.y + box.height * 0.45);
  await sleep(400);
  await page.screenshot({ path: out });
  console.log(`wrote ${out} (health states seen: ${seen.join(' → ')})`);
} finally {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
