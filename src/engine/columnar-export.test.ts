import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { duckQuery } from '../../test/helpers/duckdb.js';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick } from '../model/tick.js';
import type { TickStore } from '../store/tick-store.js';
import { pairColumnar, tickColumnar, type ColumnarFormat } from './columnar-export.js';
import { emptyColumns } from './pair-point.js';

const tick = (i: number, ts: number, p: number, tradeId = i): Tick => ({ symbol: 'BTCUSDT', ts: epochMs(ts), price: price(p), qty: qty(0.001 * (1 + (i % 7))), tradeId, buyerMaker: i % 3 === 0, source: 'simulator' });

/** A tick store that hands out `pages` and counts how many were taken. */
function pagedStore(pages: readonly (readonly Tick[])[]): Pick<TickStore, 'streamTicks'> & { taken: number } {
  const store = {
    taken: 0,
    async *streamTicks(): AsyncGenerator<readonly Tick[]> {
      for (const p of pages) {
        store.taken++;
        yield p;
      }
    },
  };
  return store;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Buffer.concat(parts);

describe('tickColumnar', () => {
  const pages = [0, 1, 2].map((p) => Array.from({ length: p === 2 ? 500 : 1000 }, (_, k) => tick(p * 1000 + k, 1_795_000_000_000 + (p * 1000 + k) * 7, 100 + (p * 1000 + k) / 100)));
  const all = pages.flat();

  for (const format of ['parquet', 'arrow'] as ColumnarFormat[]) {
    it(`${format}: sends each page as it is read, never reading ahead`, async () => {
      const store = pagedStore(pages);
      const takenAtChunk: number[] = [];
      for await (const chunk of tickColumnar(store, { symbol: 'BTCUSDT' }, format)) {
        expect(chunk.byteLength).toBeGreaterThan(0);
        takenAtChunk.push(store.taken);
      }
      // header, one chunk per page, footer
      expect(takenAtChunk).toEqual([0, 1, 2, 3, 3]);
    });
  }

  it('parquet: one row group per page, read back by DuckDB with the same values', async () => {
    const parts: Uint8Array[] = [];
    for await (const c of tickColumnar(pagedStore(pages), { symbol: 'BTCUSDT' }, 'parquet')) parts.push(c);
    const bytes = concat(parts);
    const groups = await duckQuery(bytes, 'SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({file}) ORDER BY row_group_id');
    expect(groups.rows.map((r) => Number(r[1]))).toEqual([1000, 1000, 500]);
    const r = await duckQuery(bytes, 'SELECT symbol, epoch_ms(ts), price, qty, trade_id, buyer_maker FROM read_parquet({file})');
    expect(r.rows).toEqual(all.map((t) => [t.symbol, BigInt(t.ts), t.price, t.qty, BigInt(t.tradeId), t.buyerMaker]));
  });

  it('arrow: one record batch per page, read back by apache-arrow with the same values', async () => {
    const parts: Uint8Array[] = [];
    for await (const c of tickColumnar(pagedStore(pages), { symbol: 'BTCUSDT' }, 'arrow')) parts.push(c);
    const table = tableFromIPC(concat(parts));
    expect(table.batches.map((b) => b.numRows)).toEqual([1000, 1000, 500]);
    expect(table.getChild('symbol')!.toArray()).toEqual(all.map(() => 'BTCUSDT'));
    expect(Array.from(table.getChild('ts')!.toArray() as BigInt64Array, Number)).toEqual(all.map((t) => t.ts));
    expect(Array.from(table.getChild('price')!.toArray() as Float64Array)).toEqual(all.map((t) => t.price));
    expect(Array.from(table.getChild('trade_id')!.toArray() as BigInt64Array, Number)).toEqual(all.map((t) => t.tradeId));
    expect(Array.from({ length: all.length }, (_, i) => table.getChild('buyer_maker')!.get(i) as boolean)).toEqual(all.map((t) => t.buyerMaker));
  });

  it('keeps the extremes exact: the largest safe trade id, the last millisecond of 9999, shortest-form doubles', async () => {
    const edge = [tick(0, 0, 0.1 + 0.2, 0), tick(1, 253_402_300_799_999, 1e-8, Number.MAX_SAFE_INTEGER)];
    const parts: Uint8Array[] = [];
    for await (const c of tickColumnar(pagedStore([edge]), { symbol: 'BTCUSDT' }, 'parquet')) parts.push(c);
    const r = await duckQuery(concat(parts), "SELECT epoch_ms(ts), strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%g'), price, trade_id FROM read_parquet({file})");
    expect(r.rows).toEqual([
      [0n, '1970-01-01T00:00:00.000', 0.1 + 0.2, 0n],
      [253_402_300_799_999n, '9999-12-31T23:59:59.999', 1e-8, BigInt(Number.MAX_SAFE_INTEGER)],
    ]);
  });
});

describe('pairColumnar', () => {
  const n = 7;
  const c = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    c.start[i] = 1_795_000_000_000 + i * 60_000;
    c.y[i] = 10 + i;
    c.x[i] = 20 + i;
    c.yFilled[i] = i === 4 ? 1 : 0;
    if (i >= 3) c.beta[i] = 0.5 + i / 100;
  }

  it('writes undefined statistics (NaN) as null, in batches of the size asked for', async () => {
    const parts: Uint8Array[] = [];
    for await (const b of pairColumnar(c, 'parquet', 3)) parts.push(b);
    const bytes = concat(parts);
    const groups = await duckQuery(bytes, 'SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({file}) ORDER BY row_group_id');
    expect(groups.rows.map((r) => Number(r[1]))).toEqual([3, 3, 1]);
    const r = await duckQuery(bytes, 'SELECT epoch_ms(timestamp), y, y_filled, beta, z FROM read_parquet({file})');
    expect(r.rows).toEqual(Array.from({ length: n }, (_, i) => [BigInt(c.start[i]!), c.y[i], i === 4, i >= 3 ? c.beta[i] : null, null]));

    const arrow: Uint8Array[] = [];
    for await (const b of pairColumnar(c, 'arrow', 3)) arrow.push(b);
    const table = tableFromIPC(concat(arrow));
    expect(table.batches.length).toBe(3);
    expect(Array.from({ length: n }, (_, i) => table.getChild('beta')!.get(i) as number | null)).toEqual(Array.from({ length: n }, (_, i) => (i >= 3 ? c.beta[i] : null)));
    expect(table.getChild('z')!.nullCount).toBe(n);
  });
});
