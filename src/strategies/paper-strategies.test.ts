import { describe, expect, it } from 'vitest';
import { parseSimulationParams, type SimulationParams } from '../backtest/backtest-params.js';
import { simulatePair } from '../backtest/simulate-pair.js';
import { backtestSignals } from '../engine/backtest-signals.js';
import { HEDGE_METHODS, parsePairSpec, type PairSpec } from '../model/pair-spec.js';
import { paperBook, tradeFills } from './paper-book.js';
import { reconcileFills, type PublishedFill } from './reconcile-fills.js';
import { warmupBars } from './warmup-bars.js';

/** A mean-reverting pair of 600 1m bars, deterministic. */
function bars(n = 600) {
  const start = new Float64Array(n);
  const cy = new Float64Array(n);
  const cx = new Float64Array(n);
  let x = 30_000;
  let e = 0;
  let s = 7;
  const r = (): number => ((s = (s * 16807) % 2147483647), s / 2147483647 - 0.5);
  for (let i = 0; i < n; i++) {
    start[i] = 1_800_000_000_000 + i * 60_000;
    x *= 1 + r() * 0.002;
    e = 0.8 * e + r() * 4;
    cx[i] = x;
    cy[i] = 0.07 * x + e;
  }
  const oy = cy.map((v, i) => (i === 0 ? v : cy[i - 1]!));
  const ox = cx.map((v, i) => (i === 0 ? v : cx[i - 1]!));
  return { start, openY: oy, openX: ox, closeY: cy, closeX: cx };
}

const spec = (method: string, window = 20): PairSpec => (parsePairSpec({ y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', method, window }) as { ok: true; value: PairSpec }).value;
const params = (entry = 1.2, exit = 0.2): SimulationParams => (parseSimulationParams({ entry, exit }) as { ok: true; value: SimulationParams }).value;

describe('warmupBars', () => {
  it('is the index of the first defined z of backtestSignals, for every method and window', () => {
    for (const method of HEDGE_METHODS) {
      for (const window of [5, 20, 33]) {
        const z = backtestSignals(spec(method, window), bars()).z;
        expect(z.findIndex((v) => !Number.isNaN(v)), `${method} ${window}`).toBe(warmupBars(method, window));
      }
    }
  });
});

describe('paperBook', () => {
  it('reads the run so far as the run over a longer range: its closed trades are a prefix, its open trade the longer run\'s next', () => {
    const b = bars();
    const sig = backtestSignals(spec('ols'), b);
    const full = simulatePair(sig, params(), 60_000);
    const cut = (n: number) => ({ ...sig, start: sig.start.subarray(0, n), openY: sig.openY.subarray(0, n), openX: sig.openX.subarray(0, n), closeY: sig.closeY.subarray(0, n), closeX: sig.closeX.subarray(0, n), beta: sig.beta.subarray(0, n), z: sig.z.subarray(0, n) });
    let openSeen = 0;
    for (let n = 50; n <= 600; n += 7) {
      const c = cut(n);
      const book = paperBook(simulatePair(c, params(), 60_000), c, params(), 60_000);
      expect(book.trades).toEqual(full.trades.filter((t) => t.exitIndex < n - 1 || (t.exitIndex === n - 1 && t.exitReason !== 'end')).slice(0, book.trades.length));
      if (book.open !== null) {
        openSeen++;
        const next = full.trades[book.trades.length]!;
        expect([book.position.entryTime, book.position.qy, book.position.qx]).toEqual([next.entryTime, next.qtyY, next.qtyX]);
        // The mark is the kernel's equity before the end liquidation.
        expect(book.equity[book.equity.length - 1]).toBeCloseTo(full.equity[n - 1]!, 9);
      } else {
        expect(book.position.side).toBeNull();
      }
    }
    expect(openSeen).toBeGreaterThan(3);
  });

  it('has an entry and an exit fill per closed trade and only an entry for the open one', () => {
    const b = bars();
    const sim = simulatePair(backtestSignals(spec('kalman'), b), params(), 60_000);
    const fills = tradeFills(sim.trades, b.start);
    const ends = sim.trades.filter((t) => t.exitReason === 'end').length;
    expect(fills.length).toBe(2 * sim.trades.length - ends);
    for (let i = 1; i < fills.length; i++) expect(fills[i]!.time).toBeGreaterThanOrEqual(fills[i - 1]!.time);
  });
});

describe('reconcileFills', () => {
  const b = bars();
  const fills = tradeFills(simulatePair(backtestSignals(spec('ols'), b), params(), 60_000).trades, b.start);
  const pub = (n: number): PublishedFill[] => fills.slice(0, n).map((f) => ({ ...f, publishedAt: 1 }));

  it('publishes only the fills after the last published one, and finds no divergence on the same bars', () => {
    const r = reconcileFills(pub(4), fills);
    expect(r.divergences).toEqual([]);
    expect(r.fresh).toEqual(fills.slice(4));
    expect(reconcileFills(pub(fills.length), fills).fresh).toEqual([]);
  });

  it('reports a published fill the bars no longer reproduce, and a past fill never published, without publishing it', () => {
    const moved = fills.map((f, i) => (i === 1 ? { ...f, priceY: f.priceY * 1.001 } : f));
    const r = reconcileFills(pub(4), moved);
    expect(r.divergences.map((d) => [d.time, d.kind, d.published?.priceY, d.recomputed?.priceY])).toEqual([[fills[1]!.time, fills[1]!.kind, fills[1]!.priceY, moved[1]!.priceY]]);
    const extra = { ...fills[2]!, time: fills[2]!.time - 1, kind: 'entry' as const };
    const r2 = reconcileFills(pub(4), [...fills.slice(0, 2), extra, ...fills.slice(2)]);
    expect(r2.divergences).toEqual([{ time: extra.time, kind: 'entry', published: null, recomputed: extra }]);
    expect(r2.fresh).toEqual(fills.slice(4));
  });
});
