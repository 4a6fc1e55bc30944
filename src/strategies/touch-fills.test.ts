import { describe, expect, it } from 'vitest';
import { modelExecution, touchFills, type TouchLookup } from './touch-fills.js';

describe('touchFills', () => {
  // Hand-made book: ETHUSDT ask 2001 / bid 1999, BTCUSDT ask 30010 / bid 29990, as the last taker trades say.
  const book: Record<string, { ask: number; bid: number }> = { ETHUSDT: { ask: 2001, bid: 1999 }, BTCUSDT: { ask: 30_010, bid: 29_990 } };
  const asked: [string, number, boolean][] = [];
  const lookup: TouchLookup = (symbol, before, takerBuy) => {
    asked.push([symbol, before, takerBuy]);
    const q = book[symbol];
    return Promise.resolve(q === undefined ? null : takerBuy ? q.ask : q.bid);
  };

  it('prices a buy leg at the ask and a sell leg at the bid, against the model\'s price with slippage', async () => {
    asked.length = 0;
    // Long the spread: buy 1 ETH at 2000, sell 0.06 BTC at 30000, 2 bps slippage.
    const entry = { time: 60_000, kind: 'entry' as const, priceY: 2000, priceX: 30_000, qtyY: 1, qtyX: -0.06 };
    const r = await touchFills([entry], { y: 'ETHUSDT', x: 'BTCUSDT' }, 2, lookup);
    expect(asked).toEqual([['ETHUSDT', 60_000, true], ['BTCUSDT', 60_000, false]]);
    const f = r.fills[0]!;
    expect(f.execY).toBeCloseTo(2000.4, 12); // 2000 · (1 + 0.0002)
    expect(f.execX).toBeCloseTo(29_994, 12); // 30000 · (1 − 0.0002)
    expect([f.touchY, f.touchX]).toEqual([2001, 29_990]);
    // 1 · (2001 − 2000.4) + (−0.06) · (29990 − 29994) = 0.6 + 0.24
    expect(f.extraCost).toBeCloseTo(0.84, 10);
    expect(r.priced).toBe(1);
    expect(r.totalExtraCost).toBeCloseTo(0.84, 10);
  });

  it('leaves a fill unpriced when a leg has no taker trade, and a leg that traded nothing costs nothing', async () => {
    const r = await touchFills(
      [
        { time: 1, kind: 'entry', priceY: 10, priceX: 30_000, qtyY: -3, qtyX: 0.001 },
        { time: 2, kind: 'exit', priceY: 2000, priceX: 30_000, qtyY: -1, qtyX: 0 },
      ],
      { y: 'SOLUSDT', x: 'BTCUSDT' },
      0,
      lookup,
    );
    expect(r.fills.map((f) => [f.touchY, f.touchX, f.extraCost])).toEqual([
      [null, 30_010, null],
      [null, 30_000, null],
    ]);
    expect(r.priced).toBe(0);
    expect(r.totalExtraCost).toBe(0);
    expect(modelExecution(100, 0, 5)).toBe(100);
  });

  it('answers every fill of a long history, in order, yielding between slices', async () => {
    const fills = Array.from({ length: 120 }, (_, i) => ({ time: i, kind: 'entry' as const, priceY: 2000, priceX: 30_000, qtyY: 1, qtyX: -0.06 }));
    // One step of this chain runs per turn of the event loop: it only advances if touchFills yields.
    let turns = 0;
    let done = false;
    const spin = (): void => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const r = await touchFills(fills, { y: 'ETHUSDT', x: 'BTCUSDT' }, 0, lookup, 10);
    done = true;
    expect(r.fills.map((f) => f.time)).toEqual(fills.map((f) => f.time));
    expect(r.priced).toBe(120);
    expect(r.totalExtraCost).toBeCloseTo(120 * (1 + 0.6), 8);
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
