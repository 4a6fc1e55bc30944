/**
 * Writes the tick CSV of `engine/csv-export.ts` (the same bytes) from a read-only connection to
 * the SQLite file, on a job worker: keyset pages on the table's `(symbol, ts, trade_id)` key,
 * rows read as arrays, one chunk of about 1 MB per page.
 * @module
 */

import Database from 'better-sqlite3';
import { IsoFormatter, TICK_CSV_HEADER } from '../engine/csv-export.js';
import { ChunkSender } from './chunk-sender.js';
import type { TickCsvJob } from './job-protocol.js';

/** Rows per page and chunk (~65 bytes a row). */
const PAGE = 16_384;

type Row = [ts: number, tradeId: number, price: number, qty: number, buyerMaker: number];

/**
 * The ticks of `symbol` in [from, to) as pages of raw rows, in `(ts, trade_id)` order: keyset
 * pages on the table's key, so each page is one seek. What the export formats, and what
 * `tandem bench --only export` times alone.
 */
export function* tickRowPages(db: Database.Database, symbol: string, from?: number, to?: number): Generator<Row[]> {
  const page = db
    .prepare('SELECT ts, trade_id, price, qty, buyer_maker FROM ticks WHERE symbol = ? AND (ts, trade_id) > (?, ?) AND ts < ? ORDER BY ts, trade_id LIMIT ?')
    .raw(true);
  const until = to ?? Number.MAX_SAFE_INTEGER;
  let after: [number, number] = [from ?? Number.MIN_SAFE_INTEGER, -1];
  for (;;) {
    const rows = page.all(symbol, after[0], after[1], until, PAGE) as Row[];
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1]!;
    after = [last[0], last[1]];
  }
}

export async function writeTickCsv(job: TickCsvJob): Promise<{ readonly bytes: number }> {
  const out = new ChunkSender(job.port);
  const db = new Database(job.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const times = new IsoFormatter();
    const sym = job.symbol;
    await out.send(TICK_CSV_HEADER + '\n');
    for (const rows of tickRowPages(db, sym, job.from, job.to)) {
      let chunk = '';
      for (const r of rows) chunk += `${sym},${times.format(r[0])},${r[2]},${r[3]},${r[1]},${r[4] === 1}\n`;
      await out.send(chunk);
    }
    out.end();
    return { bytes: out.bytes };
  } finally {
    db.close();
  }
}
