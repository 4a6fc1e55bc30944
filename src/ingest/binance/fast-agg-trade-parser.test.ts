import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAggTradeFast } from './fast-agg-trade-parser.js';
import { parseStreamFrameStrict } from './parse-agg-trade.js';

const base = { e: 'aggTrade', E: 1_795_000_000_123, s: 'BTCUSDT', a: 5_000_000_001, p: '97012.30', q: '0.015', f: 100, l: 102, T: 1_795_000_000_120, m: true };
const frame = (data: unknown): string => JSON.stringify({ stream: 'btcusdt@aggTrade', data });

/** The strict parser's trade, or null when it rejects the frame or it is not a trade. */
function strict(text: string): unknown {
  const r = parseStreamFrameStrict(text);
  return r.ok && r.value.kind === 'trade' ? r.value.trade : null;
}

describe('parseAggTradeFast', () => {
  it('reads a frame in Binance layout exactly as the strict parser does', () => {
    const text = frame(base);
    expect(parseAggTradeFast(text)).toEqual(strict(text));
    expect(parseAggTradeFast(text)).not.toBeNull();
    const withNq = frame({ ...base, nq: '0.015' });
    expect(parseAggTradeFast(withNq)).toEqual(strict(withNq));
  });

  it('never accepts what the strict parser rejects, and agrees whenever it accepts', () => {
    const decimal = fc.oneof(
      fc.double({ min: 1e-8, max: 1e9, noNaN: true }).map((x) => String(x)),
      fc.constantFrom('0', '0.0', '00.1', '1.', '.5', '1e5', 'NaN', '-1', '1,5', ' 1', '97000.1', '0.001', '123456789012345678.5'),
      fc.string({ maxLength: 8 }),
    );
    const integer = fc.oneof(fc.nat(), fc.constantFrom(2 ** 53, 2 ** 60, -1, 1.5, 1e21, 0), fc.string({ maxLength: 4 }));
    const payload = fc.record({
      e: fc.constantFrom('aggTrade', 'trade', 'markPriceUpdate', 'aggtrade'),
      E: integer,
      s: fc.constantFrom('BTCUSDT', 'btcusdt', 'X', 'ETH-USDT', '1000PEPEUSDT'),
      a: integer,
      p: decimal,
      q: decimal,
      f: fc.nat(),
      l: fc.nat(),
      T: integer,
      m: fc.oneof(fc.boolean(), fc.constantFrom('true', 0, null)),
    });
    fc.assert(
      fc.property(payload, fc.boolean(), (data, shuffle) => {
        const entries = Object.entries(data);
        if (shuffle) entries.reverse();
        const text = frame(Object.fromEntries(entries));
        const fast = parseAggTradeFast(text);
        if (fast !== null) expect(fast).toEqual(strict(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every well-formed trade frame, whatever its values and key order', () => {
    const valid = fc.record({
      e: fc.constant('aggTrade'),
      E: fc.nat({ max: 2 ** 52 }),
      s: fc.stringMatching(/^[A-Z0-9]{2,30}$/),
      a: fc.nat({ max: 2 ** 52 }),
      p: fc.tuple(fc.nat({ max: 10 ** 9 }), fc.stringMatching(/^[0-9]{1,8}$/)).map(([i, f]) => `${i}.${f}`).filter((x) => Number(x) > 0),
      q: fc.tuple(fc.nat({ max: 10 ** 6 }), fc.stringMatching(/^[0-9]{1,8}$/)).map(([i, f]) => `${i}.${f}`).filter((x) => Number(x) > 0),
      f: fc.nat(),
      l: fc.nat(),
      T: fc.nat({ max: 2 ** 52 }),
      m: fc.boolean(),
    });
    fc.assert(
      fc.property(valid, fc.boolean(), (data, reverse) => {
        const entries = Object.entries(data);
        if (reverse) entries.reverse();
        const text = frame(Object.fromEntries(entries));
        const fast = parseAggTradeFast(text);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(strict(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back (null) on layouts it does not read: whitespace, escapes, other top-level order, truncation', () => {
    const text = frame(base);
    for (const odd of [
      JSON.stringify({ stream: 'btcusdt@aggTrade', data: base }, null, 1),
      JSON.stringify({ data: base, stream: 'btcusdt@aggTrade' }),
      text.replace('"BTCUSDT"', '"BTC\\u0055SDT"'),
      text.slice(0, -1),
      text + ' ',
      '{"result":null,"id":1}',
    ]) {
      expect(parseAggTradeFast(odd)).toBeNull();
    }
  });
});
