/**
 * Many clients: 100 WebSocket clients on the built `tandem serve` (ingesting from the fake
 * Binance), subscribed to the bars of four symbols at 1s and 250ms, two pairs and the status;
 * one stops reading (its socket paused, so the kernel buffers fill and the server's sends back
 * up). The server's memory stays flat, what it holds for the slow client stays bounded by the
 * coalescing outbox, and the slow client, once it reads again, reaches the newest state quickly
 * with fewer messages than the live clients received meanwhile: the latest state, not a backlog.
 *
 * The pause is 8 s under CI; the full run pauses 30 s (docs/reliability.md):
 *   TANDEM_SLOW_PAUSE_S=30 npx vitest run test/integration/many-clients.test.ts
 * or `./bin/tandem bench --clients`.
 */
import { describe, expect, it } from 'vitest';
import { runClients } from '../../src/cli/bench/clients-bench.js';
import { isCi } from '../helpers/chromium.js';

const PAUSE_S = Number(process.env['TANDEM_SLOW_PAUSE_S'] ?? (isCi() ? 8 : 30));

describe('100 WebSocket clients, one slow', () => {
  it(`keeps server memory flat and gives the slow client the latest state after a ${PAUSE_S} s pause`, { timeout: 60_000 + PAUSE_S * 4000 }, async () => {
    // Under a loaded machine the server sends less per second and 8 s may all fit in the kernel's
    // buffers, so the pause runs on (up to 4x) until the server itself holds 256 KiB unsent.
    const r = await runClients({ clients: 100, pauseSeconds: PAUSE_S, backlogBytes: 256 * 1024, rate: 1000, log: (line) => console.log(line) });

    // Memory: no upward trend while one client backs up (the later half's medians are not
    // above the earlier half's by more than garbage-collector noise), and a bounded peak.
    expect(r.memory.secondHalfMedian.heapUsedMiB - r.memory.firstHalfMedian.heapUsedMiB).toBeLessThan(48);
    expect(r.memory.secondHalfMedian.rssMiB - r.memory.firstHalfMedian.rssMiB).toBeLessThan(64);
    expect(r.memory.peak.rssMiB - r.memory.before.rssMiB).toBeLessThan(192);
    // The slow client really backed up the server (its kernel buffers filled; how much they take
    // first depends on the kernel's autotuning, so 8 s leaves 0.4-1 MiB unsent here) ...
    expect(r.held.bufferedBytesMax).toBeGreaterThan(256 * 1024);
    // ... yet what the server holds for it is bounded: unsent bytes stop at the outbox's 1 MiB
    // high-water mark (plus the one message that crossed it), pending states at its cap of 5,000.
    expect(r.held.bufferedBytesMax).toBeLessThan(2 ** 20 + 64 * 1024);
    expect(r.held.pendingMax).toBeLessThanOrEqual(5000);
    // The slow client reaches the newest bar soon after waking, and ends on the same state as a live client.
    expect(r.slowAfterWake.msToLatest).toBeGreaterThanOrEqual(0);
    expect(r.slowAfterWake.msToLatest).toBeLessThan(5000);
    expect(r.slowConverged).toBe(true);
    // Not a backlog: fewer messages to catch up than a live client received during the pause.
    expect(r.slowAfterWake.messagesToLatest).toBeLessThan(r.liveMessagesDuringPause);
  });
});
