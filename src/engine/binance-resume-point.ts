/**
 * Where a Binance ingest worker resumes a symbol: the highest aggregate trade id that either
 * the bus says it published (`{prefix}:published:binance`, written with every entry) or the
 * store holds. The bus's id is the fresher one while Redis keeps its data; but Redis by default
 * keeps nothing on disk, and after a Redis restart (or a flush, or a snapshot older than the
 * last publish) the bus knows nothing, and a worker would start from the exchange's latest
 * trade, a gap nobody would see. The store still knows the highest id it committed, so the
 * worker refills from there through REST `aggTrades?fromId=`. Taking the higher of the two
 * also covers a bus restored from an old snapshot.
 * @module
 */

/** The highest trade id of a symbol one side knows of, or null. */
export type TradeIdLookup = (symbol: string) => Promise<number | null>;

/**
 * A lookup of the resume id: the higher of `published` and `stored` (null when neither knows
 * the symbol). Without a store it is `published` alone.
 * @example
 *   const resume = binanceResumePoint((s) => publisher.lastPublishedTradeId(s, 'binance'), (s) => stores.ticks.lastTradeId(s, 'binance'));
 */
export function binanceResumePoint(published: TradeIdLookup, stored: TradeIdLookup | null): TradeIdLookup {
  if (stored === null) return published;
  return async (symbol) => {
    const [p, s] = await Promise.all([published(symbol), stored(symbol)]);
    if (p === null) return s;
    if (s === null) return p;
    return Math.max(p, s);
  };
}
