/**
 * A synthetic universe for the screener bench: `symbols` 1m close series of `bars` bars whose log
 * prices share a market factor (so, as with crypto perpetuals, most pairs pass a correlation
 * prefilter and the screen does its full work), with `planted` cointegrated pairs: for each,
 * log y = a + b·log x + an AR(1) spread with φ = 0.9. Deterministic for a seed.
 * @module
 */

import type { ScreenUniverse } from '../../analytics/screen-pairs.js';

/** mulberry32 uniforms in (0, 1), standard normals by Box-Muller. */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export interface SyntheticUniverse extends ScreenUniverse {
  /** The planted pairs as `Y/X` (y listed after x). */
  readonly planted: readonly string[];
  /** Bar starts, epoch ms, one minute apart. */
  readonly starts: Float64Array;
}

export function syntheticUniverse(symbols = 300, bars = 1440, planted = 5, seed = 7): SyntheticUniverse {
  const z = normals(seed);
  const market = new Float64Array(bars);
  for (let t = 1; t < bars; t++) market[t] = market[t - 1]! + 0.0015 * z();
  const names: string[] = [];
  const closes: Float64Array[] = [];
  const quoteVolume: number[] = [];
  const pairs: string[] = [];
  for (let s = 0; s < symbols; s++) names.push(`S${String(s).padStart(3, '0')}USDT`);
  for (let s = 0; s < symbols; s++) {
    const log = new Float64Array(bars);
    const isPlantedY = s % 2 === 1 && (s - 1) / 2 < planted;
    if (isPlantedY) {
      // y = a + b·x + AR(1), x the symbol before it.
      const x = closes[s - 1]!;
      const b = 0.6 + 0.1 * ((s - 1) / 2);
      const a = 0.5 + 0.01 * s;
      let e = 0;
      for (let t = 0; t < bars; t++) {
        e = 0.9 * e + 0.001 * z();
        log[t] = a + b * Math.log(x[t]!) + e;
      }
      pairs.push(`${names[s]}/${names[s - 1]}`);
    } else {
      const load = 0.5 + z() * 0.2;
      let idio = Math.log(10 + 90 * Math.abs(z()));
      for (let t = 0; t < bars; t++) {
        idio += 0.0008 * z();
        log[t] = idio + load * market[t]!;
      }
    }
    closes.push(log.map(Math.exp));
    quoteVolume.push(1e6 * (1 + Math.abs(z())));
  }
  const starts = new Float64Array(bars);
  const t0 = Date.UTC(2024, 0, 1);
  for (let t = 0; t < bars; t++) starts[t] = t0 + t * 60_000;
  return { symbols: names, closes, quoteVolume, planted: pairs, starts };
}
