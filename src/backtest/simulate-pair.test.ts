import { describe, expect, it } from 'vitest';
import { backtestZScore } from '../analytics/backtest-zscore.js';
import { parseSimulationParams, type SimulationParams, type SimulationParamsInput } from './backtest-params.js';
import { backtestReport } from './backtest-report.js';
import { legFunding } from './funding-columns.js';
import type { PairSignalColumns } from './pair-bar-columns.js';
import { simulatePair } from './simulate-pair.js';
import { SignalRule } from './signal-rule.js';
import { columnsOf, MINUTE } from './test-columns.js';

const N = Number.NaN;
function params(input: Partial<SimulationParamsInput> = {}): SimulationParams {
  const r = parseSimulationParams({ entry: 2, exit: 0.5, notional: 10_000, feeBps: 0, slippageBps: 0, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * One long-spread trade, by hand. β = 2 throughout, entry 2, exit 0.5, notional 10,000,
 * dollar-neutral. Rows: openY, closeY, openX, closeX, beta, z.
 * - bar 1 closes with z = −2.5 < −2: go long the spread, filled at bar 2's open
 *   (Y 100, X 50): q_y = 5,000/100 = +50, q_x = −5,000/50 = −100.
 * - bar 3 closes with z = 0.3 < 0.5: exit, filled at bar 4's open (Y 104, X 51).
 * - gross = 50·(104 − 100) − 100·(51 − 50) = 200 − 100 = 100.
 */
const ONE_TRADE = columnsOf([
  [100, 100, 50, 50, 2, N],
  [100, 98, 50, 50, 2, -2.5],
  [100, 101, 50, 50.5, 2, -1.0],
  [102, 103, 51, 51, 2, 0.3],
  [104, 104, 51, 51, 2, 0.0],
  [104, 104, 52, 52, 2, 0.0],
]);

describe('simulatePair', () => {
  it('fills a signal of bar t at bar t+1\'s open and books the hand-computed PnL with fees', () => {
    // Fees 10 bps a leg: entry 0.001·(50·100 + 100·50) = 10; exit 0.001·(50·104 + 100·51) = 10.3.
    const sim = simulatePair(ONE_TRADE, params({ feeBps: 10 }), MINUTE);
    expect(sim.trades).toHaveLength(1);
    const t = sim.trades[0]!;
    expect(t).toMatchObject({ side: 'long', signalIndex: 1, entryIndex: 2, exitIndex: 4, entryTime: 2 * MINUTE, exitTime: 4 * MINUTE });
    expect(t).toMatchObject({ entryY: 100, entryX: 50, exitY: 104, exitX: 51, qtyY: 50, qtyX: -100, beta: 2, zEntry: -2.5, zExit: 0.3, exitReason: 'exit', barsHeld: 2 });
    expect(t.grossPnl).toBeCloseTo(100, 9);
    expect(t.fees).toBeCloseTo(20.3, 9);
    expect(t.slippage).toBeCloseTo(0, 9);
    expect(t.netPnl).toBeCloseTo(79.7, 9);
    expect(t.returnPct).toBeCloseTo(0.00797, 12);
    // Equity at each close: flat; flat; 50·(101−100) − 100·(50.5−50) − 10 = −10; 50·3 − 100·1 − 10 = 40; then realised 79.7.
    [10_000, 10_000, 9_990, 10_040, 10_079.7, 10_079.7].forEach((v, i) => expect(sim.equity[i]).toBeCloseTo(v, 9));
    expect(sim.exposedBars).toBe(2);
  });

  it('charges slippage as a worse execution price on both legs, entry and exit', () => {
    // 10 bps: buy Y at 100.1, sell X at 49.95; exit sell Y at 103.896, buy X at 51.051.
    // net = 50·(103.896 − 100.1) − 100·(51.051 − 49.95) = 189.8 − 110.1 = 79.7;
    // slippage = 0.001·(5,000 + 5,000) + 0.001·(5,200 + 5,100) = 20.3 = gross − net.
    const t = simulatePair(ONE_TRADE, params({ slippageBps: 10 }), MINUTE).trades[0]!;
    expect(t.grossPnl).toBeCloseTo(100, 9);
    expect(t.slippage).toBeCloseTo(20.3, 9);
    expect(t.fees).toBe(0);
    expect(t.netPnl).toBeCloseTo(79.7, 9);
  });

  it('fills at bar t+1\'s close with fill = next_close', () => {
    // Entry at bar 2's close (Y 101, X 50.5), exit at bar 4's close (Y 104, X 51).
    const t = simulatePair(ONE_TRADE, params({ fill: 'next_close' }), MINUTE).trades[0]!;
    expect(t).toMatchObject({ entryIndex: 2, exitIndex: 4, entryY: 101, entryX: 50.5, exitY: 104, exitX: 51, entryTime: 3 * MINUTE, exitTime: 5 * MINUTE });
    // q_y = 5,000/101, q_x = −5,000/50.5 = −99.0099…; gross = q_y·3 − 99.0099…·0.5.
    expect(t.grossPnl).toBeCloseTo((5000 / 101) * 3 - (5000 / 50.5) * 0.5, 9);
  });

  it('sizes beta legs with a log-price β as an elasticity: x\'s value is β times y\'s at the signal closes', () => {
    // Bar 1 closes at Y 98, X 50 with β = 2 (an elasticity): units of x per unit of y = 2·98/50 = 3.92.
    // Filled at bar 2's open (Y 100, X 50): |q_y| = 10,000 / (100 + 3.92·50) = 10,000/296, |q_x| = 3.92·|q_y|.
    const t = simulatePair({ ...ONE_TRADE, prices: 'log' }, params({ sizing: 'beta' }), MINUTE).trades[0]!;
    expect(t.qtyY).toBeCloseTo(10_000 / 296, 12);
    expect(t.qtyX).toBeCloseTo((-3.92 * 10_000) / 296, 12);
    expect(t.beta).toBe(2);
    // On raw prices the same β is 2 units of x per unit of y.
    const raw = simulatePair(ONE_TRADE, params({ sizing: 'beta' }), MINUTE).trades[0]!;
    expect(raw.qtyX / raw.qtyY).toBeCloseTo(-2, 12);
    // Dollar-neutral legs do not depend on β's scale.
    expect(simulatePair({ ...ONE_TRADE, prices: 'log' }, params(), MINUTE).trades).toEqual(simulatePair(ONE_TRADE, params(), MINUTE).trades);
  });

  it('rounds quantities down to the lot steps', () => {
    // q_y = 50 → ⌊50/0.3⌋ = 166 steps = 49.8; |q_x| = 100 → ⌊100/7⌋ = 14 steps = 98.
    const t = simulatePair(ONE_TRADE, params({ lotStep: { y: 0.3, x: 7 } }), MINUTE).trades[0]!;
    expect(t.qtyY).toBeCloseTo(49.8, 12);
    expect(t.qtyX).toBe(-98);
    expect(t.grossPnl).toBeCloseTo(49.8 * 4 - 98 * 1, 9);
  });

  it('drops an entry whose leg rounds to zero lots', () => {
    const sim = simulatePair(ONE_TRADE, params({ lotStep: 1000 }), MINUTE);
    expect(sim.trades).toHaveLength(0);
    expect(sim.skippedEntries).toBe(1);
  });

  it('closes an open trade at the last bar\'s close with reason end', () => {
    const cols = columnsOf([
      [100, 100, 50, 50, 2, 3],
      [100, 102, 50, 50, 2, 2.5],
      [102, 103, 50, 49, 2, 2.4],
    ]);
    // Short from bar 1's open (Y 100, X 50): q_y = −50, q_x = +100; closed at bar 2's close (103, 49).
    const sim = simulatePair(cols, params(), MINUTE);
    expect(sim.trades).toHaveLength(1);
    expect(sim.trades[0]).toMatchObject({ side: 'short', entryIndex: 1, exitIndex: 2, exitY: 103, exitX: 49, exitReason: 'end', barsHeld: 2, zExit: 2.4, exitTime: 3 * MINUTE });
    expect(sim.trades[0]!.grossPnl).toBeCloseTo(-50 * 3 + 100 * -1, 9);
    expect(sim.equity[2]).toBeCloseTo(10_000 - 250, 9);
  });

  it('drops a decision on the last bar: there is no next bar to fill it', () => {
    const cols = columnsOf([
      [100, 100, 50, 50, 2, 0],
      [100, 100, 50, 50, 2, 3],
    ]);
    expect(simulatePair(cols, params(), MINUTE).trades).toHaveLength(0);
  });

  it('holds the positions of backtest_zscore when there is no stop and no maximum holding time', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const z = Array.from({ length: 2000 }, () => (rnd() > 0.9 ? Number.NaN : rnd() * 3.5));
    const spread = z.map((_, i) => i);
    const expected = backtestZScore(spread, z, { entry: 2, exit: 0.5 }).position;
    const rule = new SignalRule({ entry: 2, exit: 0.5, stop: null, maxHoldBars: null });
    const got = z.map((v) => rule.decide(v, 0));
    expect(got).toEqual(Array.from(expected));
  });

  it('reports the hand-computed metrics of the one-trade case', () => {
    const sim = simulatePair(ONE_TRADE, params({ feeBps: 10 }), MINUTE);
    const m = backtestReport(sim, ONE_TRADE.start, 10_000, MINUTE).metrics;
    // Returns r = [0, 0, −0.001, 10,040/9,990 − 1, 10,079.7/10,040 − 1, 0]
    //           = [0, 0, −0.001, 0.005005005…, 0.003954183…, 0]; mean 0.0013265313786…,
    // sd (ddof 1) 0.0024950962874…; bars a year 365·1,440 = 525,600;
    // Sharpe = mean/sd·√525,600 = 385.4409879…; downside deviation √(0.001²/6) = 0.000408248…,
    // Sortino = mean/0.000408248…·√525,600 = 2355.704605….
    expect(m.barsPerYear).toBe(525_600);
    expect(m.totalReturn).toBeCloseTo(0.00797, 12);
    expect(m.sharpe).toBeCloseTo(385.44098793923735, 6);
    expect(m.sortino).toBeCloseTo(2355.70460547528, 5);
    // Peak 10,000, trough 9,990 on bar 2, regained on bar 3: −0.1 % for one bar.
    expect(m.maxDrawdown).toBeCloseTo(0.001, 12);
    expect(m.maxDrawdownBars).toBe(1);
    expect(m.maxDrawdownMs).toBe(MINUTE);
    expect(m.cagr).toBeNull(); // six minutes is too short to annualise
    expect(m.calmar).toBeNull();
    expect(m).toMatchObject({ trades: 1, winRate: 1, profitFactor: null, avgHoldingBars: 2, maxHoldingBars: 2, avgHoldingMs: 2 * MINUTE, bestTrade: m.worstTrade, skippedEntries: 0 });
    expect(m.expectancy).toBeCloseTo(79.7, 9);
    expect(m.feesPaid).toBeCloseTo(20.3, 9);
    expect(m.grossPnl).toBeCloseTo(100, 9);
    expect(m.netPnl).toBeCloseTo(79.7, 9);
    expect(m.exposure).toBeCloseTo(2 / 6, 12);
    expect(m.startTime).toBe(0);
    expect(m.endTime).toBe(6 * MINUTE);
  });
});

describe('ruin', () => {
  /**
   * Capital 1,000 against a 10,000 notional, by hand. Long the spread filled at bar 2's open
   * (Y 100, X 50): q_y = +50, q_x = −100. Bar 2 closes at Y 90, X 53: equity = 1,000 +
   * 50·(90 − 100) − 100·(53 − 50) = 1,000 − 500 − 300 = 200. Bar 3 closes at Y 85, X 54:
   * 1,000 − 750 − 400 = −150 ≤ 0: ruin. The trade is closed at bar 3's close, and bars 4-5
   * (where the spread comes back) are never simulated.
   */
  const CRASH = columnsOf([
    [100, 100, 50, 50, 2, N],
    [100, 98, 50, 50, 2, -2.5],
    [100, 90, 50, 53, 2, -3.0],
    [90, 85, 53, 54, 2, -3.5],
    [85, 100, 54, 50, 2, 0.0],
    [100, 101, 50, 50, 2, 0.0],
  ]);

  it('ends the run at the close that takes equity to zero or below, closing the trade there', () => {
    const sim = simulatePair(CRASH, params({ capital: 1_000 }), MINUTE);
    expect(sim.ruin).toEqual({ index: 3, time: 4 * MINUTE });
    expect(sim.to).toBe(4);
    expect(Array.from(sim.equity)).toEqual([1_000, 1_000, 200, -150]);
    expect(sim.trades).toHaveLength(1);
    expect(sim.trades[0]).toMatchObject({ exitReason: 'ruin', exitIndex: 3, exitTime: 4 * MINUTE, exitY: 85, exitX: 54, barsHeld: 2 });
    expect(sim.netPnl).toBeCloseTo(-1_150, 9);
    const report = backtestReport(sim, CRASH.start, 1_000, MINUTE, 100);
    expect(report.metrics).toMatchObject({ ruined: true, ruinTime: 4 * MINUTE, bars: 4, finalEquity: -150, endTime: 4 * MINUTE });
  });

  it('runs to the end when equity stays above zero', () => {
    const sim = simulatePair(CRASH, params({ capital: 10_000 }), MINUTE);
    expect(sim.ruin).toBeNull();
    expect(sim.to).toBe(6);
    expect(backtestReport(sim, CRASH.start, 10_000, MINUTE, 100).metrics).toMatchObject({ ruined: false, ruinTime: null });
  });
});

/**
 * Funding on ONE_TRADE by hand: long the spread, q_y = +50 (long y), q_x = −100 (short x),
 * entry filled at bar 2's open (2 min), exit at bar 4's open (4 min); held for τ in [2, 4) min.
 * Each settlement pays −q·mark·rate:
 * - y at 1.5 min: before the entry, nothing.
 * - y at 2 min, rate +0.001, mark 100: −50·100·0.001 = −5 (a long leg pays a positive rate).
 * - x at 2.5 min, rate +0.001, mark 50: −(−100)·50·0.001 = +5 (a short leg receives it).
 * - x at 3 min, rate −0.0005, no mark (valued at bar 3's X close, 51): 100·51·(−0.0005) = −2.55 (a short leg pays a negative rate).
 * - y at 3.5 min, rate −0.002, mark 102: −50·102·(−0.002) = +10.2 (a long leg receives it).
 * - y at 4 min, the exit's fill time: no longer held, nothing.
 * Funding = −5 + 5 − 2.55 + 10.2 = 7.65; net = gross 100 + 7.65 = 107.65 (no fees, no slippage).
 */
function withFunding(c: PairSignalColumns): PairSignalColumns {
  return {
    ...c,
    funding: {
      y: legFunding([
        { ts: 1.5 * MINUTE, rate: 0.01, markPrice: 99 },
        { ts: 2 * MINUTE, rate: 0.001, markPrice: 100 },
        { ts: 3.5 * MINUTE, rate: -0.002, markPrice: 102 },
        { ts: 4 * MINUTE, rate: 0.05, markPrice: 104 },
      ]),
      x: legFunding([
        { ts: 2.5 * MINUTE, rate: 0.001, markPrice: 50 },
        { ts: 3 * MINUTE, rate: -0.0005, markPrice: N },
      ]),
    },
  };
}

describe('funding', () => {
  it('charges a long leg a positive rate and pays it a negative one, the opposite for a short leg, while held', () => {
    const sim = simulatePair(withFunding(ONE_TRADE), params(), MINUTE);
    const t = sim.trades[0]!;
    expect(t.funding).toBeCloseTo(7.65, 9);
    expect(t.grossPnl).toBeCloseTo(100, 9);
    expect(t.netPnl).toBeCloseTo(107.65, 9);
    expect(sim.funding).toBeCloseTo(7.65, 9);
    expect(sim.netPnl).toBeCloseTo(107.65, 9);
    // Booked at the close of the bar holding each settlement: bar 2 gets −5 + 5, bar 3 −2.55 + 10.2.
    // Bar 2: 50·(101 − 100) − 100·(50.5 − 50) + 0 = 0; bar 3: 50·3 − 100·1 + 7.65 = 57.65.
    [10_000, 10_000, 10_000, 10_057.65, 10_107.65, 10_107.65].forEach((v, i) => expect(sim.equity[i]).toBeCloseTo(v, 9));
    expect(backtestReport(sim, ONE_TRADE.start, 10_000, MINUTE).metrics.fundingPnl).toBeCloseTo(7.65, 9);
  });

  it('with fills at the close, holds from the entry bar\'s end to the exit bar\'s end', () => {
    // Entry at 3 min (bar 2's close: Y 101, X 50.5), exit at 5 min: held for τ in [3, 5) min.
    // q_y = 5,000/101, q_x = −5,000/50.5; settled: x at 3 min (X close of bar 3 = 51), y at 3.5 and 4 min.
    const qy = 5000 / 101;
    const qx = -5000 / 50.5;
    const expected = -qx * 51 * -0.0005 - qy * 102 * -0.002 - qy * 104 * 0.05;
    const t = simulatePair(withFunding(ONE_TRADE), params({ fill: 'next_close' }), MINUTE).trades[0]!;
    expect(t.funding).toBeCloseTo(expected, 9);
    expect(t.netPnl).toBeCloseTo(t.grossPnl + expected, 9);
  });

  it('mirrors the signs for a short spread (short y, long x)', () => {
    // z flipped: short the spread, q_y = −50, q_x = +100, same fills; every cash flow changes sign.
    const short = withFunding({ ...ONE_TRADE, z: ONE_TRADE.z.map((v) => -v) });
    const t = simulatePair(short, params(), MINUTE).trades[0]!;
    expect(t).toMatchObject({ side: 'short', qtyY: -50, qtyX: 100 });
    expect(t.funding).toBeCloseTo(-7.65, 9);
  });

  it('settles nothing while flat, and a run without funding columns books none', () => {
    const flat = simulatePair(withFunding(ONE_TRADE), params(), MINUTE, { from: 4, to: 6 });
    expect(flat.trades).toHaveLength(0);
    expect(flat.funding).toBe(0);
    const none = simulatePair(ONE_TRADE, params(), MINUTE);
    expect(none.trades[0]!.funding).toBe(0);
    expect(none.netPnl).toBeCloseTo(100, 9);
  });
});
