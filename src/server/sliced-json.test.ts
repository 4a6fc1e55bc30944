import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoolColumn, slicedJson } from './sliced-json.js';

async function text(value: unknown): Promise<string> {
  let s = '';
  for await (const chunk of slicedJson(value)) s += String(chunk);
  return s;
}

/** What the DTOs write for a typed column: NaN and ±Infinity as null. */
const plain = (a: Float64Array): (number | null)[] => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

describe('slicedJson', () => {
  it('writes what JSON.stringify writes for the equivalent plain value', async () => {
    const column = fc.array(fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0)), { maxLength: 10_000 }).map((xs) => Float64Array.from(xs));
    await fc.assert(
      fc.asyncProperty(column, fc.array(fc.boolean(), { maxLength: 9000 }), fc.array(fc.record({ a: fc.integer(), b: fc.string() }), { maxLength: 9000 }), fc.jsonValue(), async (col, flags, rows, other) => {
        const value = { col, flags: new BoolColumn(Uint8Array.from(flags, (f) => (f ? 1 : 0))), rows, other, skipped: undefined };
        const want = JSON.stringify({ col: plain(col), flags, rows, other });
        expect(await text(value)).toBe(want);
      }),
      { numRuns: 60 },
    );
  });

  it('lets the event loop turn while it writes a long column', async () => {
    const big = new Float64Array(200_000).map((_, i) => i / 7);
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const s = await text({ big });
    clearInterval(timer);
    expect(JSON.parse(s)).toEqual({ big: Array.from(big) });
    expect(turns).toBeGreaterThan(5);
  });
});
