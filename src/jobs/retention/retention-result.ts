/**
 * What a retention run deleted: ticks per symbol, and whole day partitions (PostgreSQL).
 * @module
 */

export interface SymbolRetention {
  readonly symbol: string;
  /** Ticks of this symbol deleted by the run (0 when none were older than the cutoff). */
  readonly deleted: number;
}

export interface RetentionResult {
  /** Ticks with `ts` before this epoch ms were deleted. */
  readonly cutoff: number;
  /** Every symbol that had ticks when the run started, in symbol order. */
  readonly symbols: readonly SymbolRetention[];
  /** Sum of `symbols[].deleted`. */
  readonly deleted: number;
  /** PostgreSQL day partitions dropped whole (always 0 on SQLite). */
  readonly partitionsDropped: number;
}

/** Builds a result from per-symbol counts. */
export function retentionResult(cutoff: number, perSymbol: ReadonlyMap<string, number>, partitionsDropped = 0): RetentionResult {
  const symbols = [...perSymbol.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([symbol, deleted]) => ({ symbol, deleted }));
  return { cutoff, symbols, deleted: symbols.reduce((s, r) => s + r.deleted, 0), partitionsDropped };
}
