/**
 * Headless Chromium for the browser benchmarks (`tandem bench --latency`) and the browser tests
 * (test/helpers/chromium.ts adds their skip-or-fail rule): playwright-core driving Debian's
 * `chromium` (`TANDEM_CHROMIUM` overrides the path; never a browser `npx playwright install`
 * downloads), a fresh profile directory removed on close. playwright-core is a development
 * dependency, so it is imported only when a browser is launched.
 * @module
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserType } from 'playwright-core';

export const CHROMIUM_PATH = process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless run in containers and CI. */
export const CHROMIUM_ARGS: readonly string[] = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium; a missing browser or playwright-core is an error that says what to install. */
export async function launchHeadlessChromium(viewport = { width: 1400, height: 860 }): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (sudo apt-get install -y chromium) or set TANDEM_CHROMIUM`);
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('a headless browser needs playwright-core, a development dependency: run them from a checkout after npm install');
  }
  const profile = mkdtempSync(join(tmpdir(), 'tandem-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], viewport });
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
