/**
 * The recorded frames in `src/fake-binance/fixtures/`, made by the fake's own tape on a fixed seed and
 * a fixed clock, so they are byte-for-byte reproducible:
 * - `aggtrade-frames.ndjson`: one combined-stream frame per line, exactly as the fake (and
 *   Binance) sends them, BTCUSDT and ETHUSDT interleaved in time order, ids consecutive per symbol;
 * - `malformed-frames.json`: `[{ kind, frame }]`, one combined-mode frame of each malformed kind.
 *
 * `test/integration/fake-binance.test.ts` checks the committed files equal what this module
 * makes; to rewrite them after a deliberate change, run
 * `UPDATE_FIXTURES=1 npx vitest run test/integration/fake-binance.test.ts`.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combinedFrame } from './binance-protocol.js';
import { MALFORMED_KINDS, malformedFrame } from './malformed-frames.js';
import { TradeTape } from './trade-tape.js';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** 2026-05-01T00:00:00Z: after the routed-path migration, so the frames look current. */
const FIXTURE_START_MS = 1_777_593_600_000;

function fixtureTape(): TradeTape {
  return new TradeTape({ symbols: ['BTCUSDT', 'ETHUSDT'], seed: 20260501, startMs: FIXTURE_START_MS, tradesPerSecond: 200 });
}

/** The text of `aggtrade-frames.ndjson`: about 120 frames, 600 ms of trading. */
export function aggTradeFramesNdjson(): string {
  const tape = fixtureTape();
  const trades = [];
  // In 20 ms steps, as the live fake produces them, so E is capped the same way.
  for (let t = FIXTURE_START_MS + 20; t <= FIXTURE_START_MS + 600; t += 20) trades.push(...tape.advanceTo(t));
  return trades.map((t) => combinedFrame(t)).join('\n') + '\n';
}

/** The text of `malformed-frames.json`. */
export function malformedFramesJson(): string {
  const tape = fixtureTape();
  const trades = tape.advanceTo(FIXTURE_START_MS + 200).filter((t) => t.s === 'BTCUSDT');
  const like = trades[trades.length - 1]!;
  const rows = MALFORMED_KINDS.map((kind) => ({ kind, frame: malformedFrame(kind, like, tape.nextId('BTCUSDT')).combined }));
  return JSON.stringify(rows, null, 2) + '\n';
}

/** Fixture file name → its expected text. */
export function fixtureFiles(): Record<string, string> {
  return { 'aggtrade-frames.ndjson': aggTradeFramesNdjson(), 'malformed-frames.json': malformedFramesJson() };
}

export function writeFixtures(): void {
  for (const [name, text] of Object.entries(fixtureFiles())) writeFileSync(join(FIXTURES_DIR, name), text);
}

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}
