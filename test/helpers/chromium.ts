/**
 * Headless Chromium for the browser tests: the launcher the benchmarks use
 * (src/cli/bench/bench-chromium.ts), with the tests' rule for a missing browser.
 *
 * A missing browser skips the tests locally, with the reason printed, but fails them under
 * CI: a CI run that silently skipped its browser tests would prove nothing.
 */
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchHeadlessChromium, type HeadlessChromium } from '../../src/cli/bench/bench-chromium.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/bench/bench-chromium.js';

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

export type LaunchedChromium = HeadlessChromium;

/** Launches headless Chromium with a fresh profile; throws a clear error when it is missing (the CI case). */
export async function launchChromium(viewport = { width: 1400, height: 860 }): Promise<LaunchedChromium> {
  const missing = chromiumMissingReason();
  if (missing !== null) throw new Error(`cannot run the browser tests: ${missing}${isCi() ? ' (CI=true, so this fails instead of skipping)' : ''}`);
  return launchHeadlessChromium(viewport);
}
