import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanAggTrades, type AggTradeRows } from './agg-trades-scanner.js';
import { readTickFile } from './tick-file-reader.js';
import type { RowError } from './tick-file-format.js';

async function* bytes(text: string, chunk: number): AsyncGenerator<Uint8Array> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
}

interface Read {
  rows: [number, number, number, number, number, boolean][];
  errors: RowError[];
}

async function viaScanner(text: string, chunk: number, batchSize: number): Promise<Read> {
  const out: Read = { rows: [], errors: [] };
  for await (const b of scanAggTrades(bytes(text, chunk), 'BTCUSDT', { batchSize })) {
    const r: AggTradeRows = b;
    for (let i = 0; i < r.n; i++) out.rows.push([r.row[i]!, r.tradeId[i]!, r.ts[i]!, r.price[i]!, r.qty[i]!, r.buyerMaker[i] === 1]);
    out.errors.push(...r.errors);
  }
  return out;
}

/** The strict reader (csv-parse and the row parser) the scanner must agree with. */
async function viaStrictReader(text: string): Promise<Read> {
  const out: Read = { rows: [], errors: [] };
  for await (const b of readTickFile(bytes(text, 1 << 16), { source: 'import', format: 'binance', symbol: 'BTCUSDT' })) {
    b.ticks.forEach((t, i) => out.rows.push([b.rows[i]!, t.tradeId, t.ts, t.price, t.qty, t.buyerMaker]));
    out.errors.push(...b.errors);
  }
  return out;
}

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Fields as real dumps write them, and the near misses around them. */
const decimal = fc.oneof(
  fc.tuple(digits(1, 8), digits(0, 9)).map(([a, b]) => (b === '' ? a : `${a}.${b}`)),
  fc.constantFrom('0', '0.0', '.5', '5.', '1e3', '+1.5', '-2', ' 3.25 ', '1,5', '', 'NaN', '0.1234567890123456', '12345678901234567', '0.000000000000000000000001'),
);
const id = fc.oneof(digits(1, 15), fc.constantFrom('9007199254740991', '9007199254740993', '12345678901234567', '-1', '1.0', ' 42', ''));
const time = fc.oneof(
  fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }).map(String),
  fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }).map((t) => `${t}123`),
  fc.constantFrom('0', '100000000000000000', '99999999999999999', 'x'),
);
const bool = fc.constantFrom('true', 'false', 'True', 'FALSE', '1', '0', 'yes', ' true', '');
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(id, decimal, decimal, id, id, time, bool).map((f) => f.join(',')) },
  { weight: 1, arbitrary: fc.tuple(id, decimal, decimal, id, id, time, bool, fc.constant('extra')).map((f) => f.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', ',,,', '1,2,3', 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker') },
);

describe('scanAggTrades', () => {
  it('reads every line as the strict reader does: same rows, values, bad rows and reasons', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 9 }), async (ls, eol, bom, finalEol, chunk, batch) => {
        const text = (bom ? '\uFEFF' : '') + ls.join(eol) + (finalEol ? eol : '');
        expect(await viaScanner(text, chunk, batch)).toEqual(await viaStrictReader(text));
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 400) },
    );
  });

  it('takes the exact doubles Number() gives on the fast path', async () => {
    const text = '1,0.1,0.3,1,1,1704067200000,true\n2,42000.123456789,9.99999999999999,2,2,1704067200000123,false\n';
    const got = await viaScanner(text, 7, 10);
    expect(got.rows).toEqual([
      [1, 1, 1704067200000, 0.1, 0.3, true],
      [2, 2, 1704067200000, 42000.123456789, 9.99999999999999, false],
    ]);
  });

  it('rejects a line over the limit where it starts, without reading on', async () => {
    const text = `1,1,1,1,1,1704067200000,true\n${'9'.repeat(200)}\n`;
    await expect(async () => {
      for await (const b of scanAggTrades(bytes(text, 16), 'BTCUSDT', { maxLineBytes: 100 })) void b;
    }).rejects.toThrow(/row 2: line is longer than 100 bytes/);
  });
});
