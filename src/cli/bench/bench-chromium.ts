/**
 * Headless Chromium for the browser benchmarks (`tandem bench --latency`), launched like the
 * browser tests do (test/helpers/chromium.ts): playwright-core driving Debian's `chromium`
 * (`TANDEM_CHROMIUM` overrides the path), a fresh profile directory removed on close.
 * playwright-core is a development dependency, so it is imported only when a benchmark needs it.
 * @module
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserType } from 'playwright-core';

export const BENCH_CHROMIUM_PATH = process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BenchBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium; a missing browser or playwright-core is an error that says what to install. */
export async function launchBenchChromium(viewport = { width: 1400, height: 860 }): Promise<BenchBrowser> {
  if (!existsSync(BENCH_CHROMIUM_PATH)) throw new Error(`${BENCH_CHROMIUM_PATH} is missing: install Debian's chromium (sudo apt-get install -y chromium) or set TANDEM_CHROMIUM`);
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('the browser benchmarks need playwright-core, a development dependency: run them from a checkout after npm install');
  }
  const profile = mkdtempSync(join(tmpdir(), 'tandem-bench-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: BENCH_CHROMIUM_PATH, headless: true, args: ARGS, viewport });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
