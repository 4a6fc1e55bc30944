/**
 * `BasketModel`: a deterministic, event-driven model of a cointegrated basket of perpetuals.
 *
 * Log prices share one random-walk factor F and each has its own mean-reverting residual:
 *   log pᵢ(t) = log pᵢ₀ + aᵢ + bᵢ·F(t) + uᵢ(t),   dF = σ_F dW,   duᵢ = −θ uᵢ dt + σ_u dWᵢ.
 * Any two assets are therefore cointegrated in logs with hedge ratio bᵧ/bₓ. Occasionally a
 * regime shift scales one loading bᵢ by 10–30 % (aᵢ absorbs it so prices stay continuous),
 * which breaks the old hedge ratio, as real pairs do. Trades arrive as a Poisson process of a
 * few hundred per second, split across symbols by weight; each takes the bid or the ask
 * (buyer-maker flag), rounded to the symbol's tick size, with a lognormal size on its lot step.
 *
 * Time is data: `advanceTo(t)` emits every trade before `t`, so the sequence depends only on
 * the seed and the start time, never on how often it is called.
 * @module
 */

import { epochMs, price, qty } from '../../core/brand.js';
import type { Tick } from '../../model/tick.js';
import { SeededRandom } from './random.js';

/** How one simulated instrument trades. */
export interface AssetSpec {
  readonly symbol: string;
  readonly price0: number;
  readonly tickSize: number;
  readonly lotStep: number;
  readonly medianQty: number;
  /** Loading on the common factor. */
  readonly beta: number;
  /** Share of the basket's trades. */
  readonly weight: number;
}

/** Realistic levels for the default basket (late 2026 scale). */
export const KNOWN_ASSETS: Readonly<Record<string, AssetSpec>> = {
  BTCUSDT: { symbol: 'BTCUSDT', price0: 97_000, tickSize: 0.1, lotStep: 0.001, medianQty: 0.008, beta: 1.0, weight: 0.4 },
  ETHUSDT: { symbol: 'ETHUSDT', price0: 3_400, tickSize: 0.01, lotStep: 0.001, medianQty: 0.15, beta: 1.15, weight: 0.3 },
  SOLUSDT: { symbol: 'SOLUSDT', price0: 235, tickSize: 0.01, lotStep: 0.01, medianQty: 3, beta: 1.4, weight: 0.2 },
  BNBUSDT: { symbol: 'BNBUSDT', price0: 640, tickSize: 0.01, lotStep: 0.01, medianQty: 0.5, beta: 0.8, weight: 0.1 },
};

export interface BasketModelOptions {
  readonly symbols: readonly string[];
  readonly seed: number;
  /** Epoch ms of the first instant simulated. */
  readonly startMs: number;
  /** Trades per second across the basket (default 300). */
  readonly tradesPerSecond?: number;
  /** Mean seconds between hedge-ratio regime shifts (default 600). */
  readonly regimeShiftEverySeconds?: number;
}

/** Factor volatility per √second (≈ 85 % a year): lively charts at realistic magnitudes. */
const FACTOR_VOL = 1.5e-4;
/** Mean-reversion speed of the residuals: a half-life of two minutes. */
const THETA = Math.LN2 / 120;
/** Stationary standard deviation of each residual in log price (0.1 %). */
const RESIDUAL_STD = 0.001;
const RESIDUAL_VOL = RESIDUAL_STD * Math.sqrt(2 * THETA);
const SIZE_SIGMA = 1.1;

interface AssetState {
  readonly spec: AssetSpec;
  readonly decimals: number;
  readonly lotDecimals: number;
  a: number;
  b: number;
  u: number;
  /** Time (s since start) the residual was last advanced to. */
  uAt: number;
  lastMs: number;
  sameMsCount: number;
}

export class BasketModel {
  private readonly rng: SeededRandom;
  private readonly assets: AssetState[];
  private readonly cumulativeWeight: number[];
  private rate: number;
  private readonly shiftRate: number;
  private readonly startMs: number;
  /** Seconds since start of the last event, the next trade and the next regime shift. */
  private t = 0;
  private nextTrade: number;
  private nextShift: number;
  private factor = 0;

  constructor(opts: BasketModelOptions) {
    if (opts.symbols.length === 0) throw new Error('BasketModel needs at least one symbol');
    this.rng = new SeededRandom(opts.seed);
    this.startMs = opts.startMs;
    this.rate = opts.tradesPerSecond ?? 300;
    this.shiftRate = 1 / (opts.regimeShiftEverySeconds ?? 600);
    this.assets = opts.symbols.map((symbol, i) => {
      const spec = KNOWN_ASSETS[symbol] ?? genericAsset(symbol, i);
      return {
        spec,
        decimals: decimalsOf(spec.tickSize),
        lotDecimals: decimalsOf(spec.lotStep),
        a: 0,
        b: spec.beta,
        u: this.rng.normal() * RESIDUAL_STD,
        uAt: 0,
        lastMs: -1,
        sameMsCount: 0,
      };
    });
    const total = this.assets.reduce((s, a) => s + a.spec.weight, 0);
    let acc = 0;
    this.cumulativeWeight = this.assets.map((a) => (acc += a.spec.weight / total));
    this.nextTrade = this.rng.exponential(this.rate);
    this.nextShift = this.rng.exponential(this.shiftRate);
  }

  /** Every trade with a time before `untilMs`, in time order. */
  advanceTo(untilMs: number): Tick[] {
    const until = (untilMs - this.startMs) / 1000;
    const out: Tick[] = [];
    for (;;) {
      if (this.nextShift <= this.nextTrade && this.nextShift < until) {
        this.moveFactorTo(this.nextShift);
        this.shiftRegime();
        this.nextShift += this.rng.exponential(this.shiftRate);
      } else if (this.nextTrade < until) {
        this.moveFactorTo(this.nextTrade);
        out.push(this.trade());
        this.nextTrade += this.rng.exponential(this.rate);
      } else {
        return out;
      }
    }
  }

  /**
   * Changes the trade rate from `fromMs` (the next arrival is drawn anew at the new rate, after
   * `fromMs`): `--history` simulates the past at a low rate, then the present at the full one,
   * with one continuous price path.
   */
  setTradesPerSecond(rate: number, fromMs: number): void {
    this.rate = rate;
    this.nextTrade = Math.max(this.t, (fromMs - this.startMs) / 1000) + this.rng.exponential(rate);
  }

  /** The current factor loadings by symbol: the true hedge ratio of y on x in logs is bᵧ/bₓ. */
  loadings(): Record<string, number> {
    return Object.fromEntries(this.assets.map((a) => [a.spec.symbol, a.b]));
  }

  private moveFactorTo(t: number): void {
    const dt = t - this.t;
    if (dt > 0) this.factor += FACTOR_VOL * Math.sqrt(dt) * this.rng.normal();
    this.t = t;
  }

  private shiftRegime(): void {
    // Shift any asset but the first, so the basket keeps an anchor at its original loading.
    const i = this.assets.length > 1 ? 1 + Math.floor(this.rng.uniform() * (this.assets.length - 1)) : 0;
    const asset = this.assets[i]!;
    const size = 0.1 + 0.2 * this.rng.uniform();
    const bNew = asset.b * (this.rng.uniform() < 0.5 ? 1 - size : 1 + size);
    asset.a += (asset.b - bNew) * this.factor;
    asset.b = bNew;
  }

  private trade(): Tick {
    const pick = this.rng.uniform();
    let i = 0;
    while (i < this.assets.length - 1 && pick >= this.cumulativeWeight[i]!) i++;
    const asset = this.assets[i]!;
    const spec = asset.spec;
    // Exact OU transition over the time since this residual was last moved.
    const dt = this.t - asset.uAt;
    const decay = Math.exp(-THETA * dt);
    asset.u = asset.u * decay + RESIDUAL_VOL * Math.sqrt((1 - decay * decay) / (2 * THETA)) * this.rng.normal();
    asset.uAt = this.t;
    const mid = spec.price0 * Math.exp(asset.a + asset.b * this.factor + asset.u);
    const buyerMaker = this.rng.uniform() < 0.5;
    const bidTicks = Math.floor(mid / spec.tickSize);
    const px = Number(((buyerMaker ? bidTicks : bidTicks + 1) * spec.tickSize).toFixed(asset.decimals));
    const lots = Math.max(1, Math.round((spec.medianQty * Math.exp(SIZE_SIGMA * this.rng.normal())) / spec.lotStep));
    const size = Number((lots * spec.lotStep).toFixed(asset.lotDecimals));
    const ts = this.startMs + Math.floor(this.t * 1000);
    asset.sameMsCount = ts === asset.lastMs ? asset.sameMsCount + 1 : 0;
    asset.lastMs = ts;
    return {
      symbol: spec.symbol,
      ts: epochMs(ts),
      price: price(px),
      qty: qty(size),
      // Unique per symbol across runs, increasing in time: the millisecond, then the count within it.
      tradeId: ts * 1000 + asset.sameMsCount,
      buyerMaker,
      source: 'simulator',
    };
  }
}

/** A plausible instrument for a symbol the simulator has no levels for. */
function genericAsset(symbol: string, index: number): AssetSpec {
  let h = 0;
  for (const c of symbol) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return { symbol, price0: 10 + (h % 990), tickSize: 0.001, lotStep: 0.1, medianQty: 10, beta: 0.7 + ((h >>> 10) % 70) / 100, weight: index === 0 ? 0.3 : 0.15 };
}

function decimalsOf(step: number): number {
  const s = String(step);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
