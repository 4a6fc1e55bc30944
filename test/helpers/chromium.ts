/**
 * Headless Chromium for the browser tests, through playwright-core and Debian's `chromium`
 * (never a browser that `npx playwright install` downloads). Each launch gets a fresh profile
 * directory, removed on close.
 *
 * A missing browser skips the tests locally, with the reason printed, but fails them under
 * CI: a CI run that silently skipped its browser tests would prove nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['TANDEM_CHROMIUM'] ?? '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless run in containers and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** True under CI (`CI` set to anything but `false`/`0`/empty). */
export function isCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Why Chromium cannot run here, or null when it can. */
export function chromiumMissingReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `${CHROMIUM_PATH} is missing; install Debian's chromium (sudo apt-get install -y chromium) or set TANDEM_CHROMIUM`;
}

/**
 * Whether to skip the browser tests: only when Chromium is missing and this is not CI. Prints
 * the reason, so a skip is never silent.
 */
export function shouldSkipBrowserTests(): boolean {
  const reason = chromiumMissingReason();
  if (reason === null || isCi()) return false;
  console.warn(`browser tests skipped: ${reason}`);
  return true;
}

export interface LaunchedChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile; throws a clear error when it is missing (the CI case). */
export async function launchChromium(viewport = { width: 1400, height: 860 }): Promise<LaunchedChromium> {
  const missing = chromiumMissingReason();
  if (missing !== null) throw new Error(`cannot run the browser tests: ${missing}${isCi() ? ' (CI=true, so this fails instead of skipping)' : ''}`);
  const profile = mkdtempSync(join(tmpdir(), 'tandem-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport,
    });
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
