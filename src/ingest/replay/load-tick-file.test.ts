import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadTickFile } from './load-tick-file.js';
import { InvalidFileError } from './tick-file-format.js';
import type { TickFileOptions } from './tick-file-reader.js';

/** Feeds `bytes` in chunks of `size`, as a file stream would, splitting lines anywhere. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const text = (s: string, size?: number): AsyncGenerator<Uint8Array> => chunks(Buffer.from(s, 'utf8'), size);
const opts = (o: Partial<TickFileOptions> = {}): TickFileOptions => ({ source: 'import', ...o });

async function rejection(p: Promise<unknown>): Promise<InvalidFileError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof InvalidFileError) return e;
    throw e;
  }
  throw new Error('expected the file to be rejected');
}

const BINANCE_ROWS = ['3,100.5,1,10,10,1704067200003,false', '1,100.0,2,8,8,1704067200001,true', '2,100.2,0.5,9,9,1704067200002,false'];

describe('loadTickFile on a Binance aggTrades dump', () => {
  it('reads rows without a header, takes the symbol from the file name and sorts by id', async () => {
    const { table, format, rows } = await loadTickFile(text(BINANCE_ROWS.join('\n')), opts({ name: '/data/BTCUSDT-aggTrades-2024-01-01.csv' }));
    expect(format).toBe('binance');
    expect(rows).toBe(3);
    expect(table.slice(0, 3).map((t) => [t.symbol, t.tradeId, t.ts, t.price])).toEqual([
      ['BTCUSDT', 1, 1704067200001, 100],
      ['BTCUSDT', 2, 1704067200002, 100.2],
      ['BTCUSDT', 3, 1704067200003, 100.5],
    ]);
  });

  it('skips a header, a BOM, CRLF line ends and blank lines, and reads µs times', async () => {
    const micros = BINANCE_ROWS.map((r) => r.replace(/,(\d{13}),/, (_, t: string) => `,${t}123,`));
    const file = '\uFEFFagg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\r\n' + micros.join('\r\n\r\n') + '\r\n';
    const { table } = await loadTickFile(text(file, 5), opts({ symbol: 'ETHUSDT' }));
    expect(table.slice(0, 3).map((t) => [t.symbol, t.tradeId, t.ts])).toEqual([
      ['ETHUSDT', 1, 1704067200001],
      ['ETHUSDT', 2, 1704067200002],
      ['ETHUSDT', 3, 1704067200003],
    ]);
  });

  it('streams the csv out of a zip', async () => {
    const zip = zipSync({ 'BTCUSDT-aggTrades-2024-01-01.csv': strToU8(BINANCE_ROWS.join('\n')) });
    const { table } = await loadTickFile(chunks(zip, 16), opts({ name: 'upload.zip' }));
    expect(table.length).toBe(3);
    expect(table.symbols).toEqual(['BTCUSDT']);
  });

  it('rejects a zip holding two files', async () => {
    const zip = zipSync({ 'a.csv': strToU8(BINANCE_ROWS[0]!), 'b.csv': strToU8(BINANCE_ROWS[1]!) });
    const e = await rejection(loadTickFile(chunks(zip), opts({ symbol: 'BTCUSDT' })));
    expect(e.message).toMatch(/more than one file/);
  });

  it('rejects the whole file naming every bad row by its line number', async () => {
    const file = ['agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker', BINANCE_ROWS[0], '4,12,5,1,11,11,1704067200004,false', '', '5,abc,1,12,12,1704067200005,false'].join('\n');
    const e = await rejection(loadTickFile(text(file), opts({ symbol: 'BTCUSDT' })));
    expect(e.code).toBe('invalid_file');
    expect(e.rows).toEqual([
      { row: 3, reason: 'expected 7 columns (agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker), got 8' },
      { row: 5, reason: "price is not a number ('abc')" },
    ]);
    expect(e.message).toMatch(/2 bad rows.*row 3: .*row 5: price is not a number/);
  });

  it('rejects ids and times that disagree once sorted by id', async () => {
    const e = await rejection(loadTickFile(text('1,1,1,1,1,2000,false\n2,1,1,2,2,1000,false'), opts({ symbol: 'BTCUSDT' })));
    expect(e.rows).toEqual([{ row: 2, reason: 'transact_time 1000 is earlier than that of agg_trade_id 1 (row 1), which comes before it' }]);
  });

  it('keeps the first of a repeated id and counts the rest', async () => {
    const { table } = await loadTickFile(text([...BINANCE_ROWS, BINANCE_ROWS[1]].join('\n')), opts({ symbol: 'BTCUSDT' }));
    expect(table.length).toBe(3);
    expect(table.duplicatesInFile).toBe(1);
  });

  it('asks for a symbol when neither the option nor the file name gives one', async () => {
    const e = await rejection(loadTickFile(text(BINANCE_ROWS.join('\n')), opts({ name: 'trades.csv' })));
    expect(e.message).toMatch(/no symbol column/);
  });

  it('rejects a line over the size cap without reading on', async () => {
    const huge = `1,${'9'.repeat(5000)},1,1,1,1704067200001,false\n`;
    const e = await rejection(loadTickFile(text(BINANCE_ROWS[0] + '\n' + huge, 512), opts({ symbol: 'BTCUSDT', maxLineBytes: 1024 })));
    expect(e.message).toMatch(/row 2: line is longer than 1024 bytes/);
  });

  it('lists at most 1000 bad rows and counts the rest', async () => {
    const bad = Array.from({ length: 1500 }, (_, i) => `${i},x,1,1,1,1704067200001,false`).join('\n');
    const e = await rejection(loadTickFile(text(bad, 4096), opts({ symbol: 'BTCUSDT' })));
    expect(e.rows.length).toBe(1000);
    expect(e.moreRows).toBe(500);
  });
});

describe('loadTickFile on a Tandem tick CSV', () => {
  const header = 'symbol,ts,price,qty,trade_id,buyer_maker';

  it('detects the format by its header and sorts by time, keeping file order within a millisecond', async () => {
    const file = [header, 'ETHUSDT,2026-11-24T03:21:56.124Z,2500,1,7,false', 'BTCUSDT,2026-11-24T03:21:56.123Z,97000,0.5,9,true', 'BTCUSDT,1795490516123,97001,0.5,8,false'].join('\r\n');
    const { table, format } = await loadTickFile(text(file), opts());
    expect(format).toBe('tandem-csv');
    expect(table.slice(0, 3).map((t) => [t.symbol, t.tradeId])).toEqual([
      ['BTCUSDT', 9],
      ['BTCUSDT', 8],
      ['ETHUSDT', 7],
    ]);
  });

  it('rejects rows of another symbol when a symbol is asked for', async () => {
    const file = [header, 'ETHUSDT,1,2500,1,7,false', 'BTCUSDT,1,1,1,1,false'].join('\n');
    const e = await rejection(loadTickFile(text(file), opts({ symbol: 'BTCUSDT' })));
    expect(e.rows).toEqual([{ row: 2, reason: 'symbol ETHUSDT is not BTCUSDT, the symbol asked for' }]);
  });
});

describe('loadTickFile on NDJSON', () => {
  it('assigns ids ts·1000 + n to lines without one and skips blank lines', async () => {
    const file = '{"symbol":"BTCUSDT","ts":5,"price":1,"qty":1}\r\n\r\n{"symbol":"BTCUSDT","ts":5,"price":2,"qty":1}\n{"symbol":"BTCUSDT","ts":4,"price":3,"qty":1,"tradeId":1}\n';
    const { table, format } = await loadTickFile(text(file), opts());
    expect(format).toBe('ndjson');
    expect(table.slice(0, 3).map((t) => [t.ts, t.tradeId, t.price])).toEqual([
      [4, 1, 3],
      [5, 5000, 1],
      [5, 5001, 2],
    ]);
  });

  it('names bad lines by their line number', async () => {
    const e = await rejection(loadTickFile(text('{"symbol":"BTCUSDT","ts":5,"price":1,"qty":1}\n\n{"symbol":"BTCUSDT","ts":5,"price":"12,5","qty":1}\n'), opts()));
    expect(e.rows).toEqual([{ row: 3, reason: "price is not a number ('12,5')" }]);
  });

  it('rejects a 1 GB line cleanly after reading only past the cap', async () => {
    let served = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      const block = Buffer.alloc(1 << 16, 0x61);
      for (let i = 0; i < (1 << 30) / block.length; i++) {
        served += block.length;
        yield block;
      }
    }
    const e = await rejection(loadTickFile(endless(), opts({ format: 'ndjson' })));
    expect(e.message).toMatch(/row 1: line is longer than 1048576 bytes/);
    expect(served).toBeLessThan(4 << 20);
  });

  it('rejects an empty file', async () => {
    const e = await rejection(loadTickFile(text('\n\n'), opts({ format: 'ndjson', name: 'empty.ndjson' })));
    expect(e.message).toBe('empty.ndjson holds no ticks');
  });
});
