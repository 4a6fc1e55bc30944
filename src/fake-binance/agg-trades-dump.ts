/**
 * Synthetic Binance USD-M aggTrades dumps in data.binance.vision's CSV layout
 * (`agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker`),
 * deterministic for a seed, for import tests and the import benchmark: any number of rows
 * streamed to a file without holding them, ~20 trades/s with bursts, prices on a 0.1 tick.
 * @module
 */

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface AggTradesDumpOptions {
  /** Data rows. */
  readonly rows: number;
  /** Time of the first trade (epoch ms; default 2024-01-01T00:00:00Z). */
  readonly startMs?: number;
  /** First agg_trade_id (default 1,000,000,000). */
  readonly firstId?: number;
  readonly seed?: number;
  /** Write the header line (default true, as in newer dumps). */
  readonly header?: boolean;
  /** Write `transact_time` in microseconds, as Binance's 2025 dumps do. */
  readonly micros?: boolean;
}

/** The lines of the dump `opts` describes, header first. */
function* lines(opts: AggTradesDumpOptions): Generator<string> {
  let seed = (opts.seed ?? 1) >>> 0;
  const rand = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let id = opts.firstId ?? 1_000_000_000;
  let tradeId = id * 3;
  let t = opts.startMs ?? Date.UTC(2024, 0, 1);
  let ticks = 420_000; // price in 0.1 steps
  if (opts.header !== false) yield 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n';
  for (let i = 0; i < opts.rows; i++) {
    const r = rand();
    // ~20 trades/s on average: mostly a few ms apart, now and then a pause.
    t += r < 0.5 ? 0 : r < 0.97 ? Math.floor(rand() * 60) : Math.floor(rand() * 1500);
    ticks = Math.max(10, ticks + Math.round((rand() - 0.5) * 6));
    const q = Math.floor(rand() * 5000) + 1;
    const n = 1 + Math.floor(rand() * 3);
    const time = opts.micros === true ? t * 1000 + Math.floor(rand() * 1000) : t;
    yield `${id},${(ticks / 10).toFixed(1)},${(q / 1000).toFixed(3)},${tradeId},${tradeId + n - 1},${time},${rand() < 0.5 ? 'true' : 'false'}\n`;
    id++;
    tradeId += n;
  }
}

/** Writes the dump to `path`. */
export async function writeAggTradesDump(path: string, opts: AggTradesDumpOptions): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (const line of lines(opts)) {
    buf += line;
    if (buf.length >= 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** The dump as one string (small dumps, for tests). */
export function aggTradesDumpText(opts: AggTradesDumpOptions): string {
  return [...lines(opts)].join('');
}
