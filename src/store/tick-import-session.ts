/**
 * `TickImportSession`: the store's side of a bulk tick import that is all-or-nothing and
 * streams. Rows are staged apart from the stored ticks while the file is read (a bad row
 * anywhere, a crash, a SIGKILL: the store is untouched), and `commit` moves them in with one
 * transaction. The importer (jobs/tick-import) reads, validates and builds bars; the session
 * only stores.
 * @module
 */

import type { Bar } from '../model/bar.js';

/** A batch of validated ticks as columns (views of length `n`). */
export interface StagedTicks {
  readonly n: number;
  /** Index into the session's symbol list (see `stageTicks`). */
  readonly symbolIndex: Uint16Array;
  /** 1-based line number of each row in the file: equal keys keep the first row. */
  readonly row: Float64Array;
  readonly tradeId: Float64Array;
  readonly ts: Float64Array;
  readonly price: Float64Array;
  readonly qty: Float64Array;
  readonly buyerMaker: Uint8Array;
}

/** A row the staging area found bad (the same shape as the readers' row errors). */
export interface StagedRowError {
  readonly row: number;
  readonly reason: string;
}

/** How the rows of a file that was not in order are put right, inside the staging area. */
export type StagedOrder = 'tradeId' | 'time';

export interface SettledRows {
  /** Repeats dropped. */
  readonly duplicates: number;
  /** The first bad rows (at most `listLimit` of `settleUnsorted`), in row order. */
  readonly errors: readonly StagedRowError[];
  /** All bad rows, listed or not. */
  readonly errorCount: number;
}

/** One file's record, so the same bytes are not imported twice. */
export interface TickImportRecord {
  readonly sha256: string;
  readonly name: string;
  readonly format: string;
  readonly rows: number;
  readonly inserted: number;
  readonly duplicates: number;
  readonly bars: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
}

/** A `tick_imports` row as both stores read it: the record with its columns' snake_case times. */
export type TickImportRow = Omit<TickImportRecord, 'firstTs' | 'lastTs'> & { readonly first_ts: number | null; readonly last_ts: number | null };

export const toTickImportRecord = (r: TickImportRow): TickImportRecord => ({ sha256: r.sha256, name: r.name, format: r.format, rows: r.rows, inserted: r.inserted, duplicates: r.duplicates, bars: r.bars, firstTs: r.first_ts, lastTs: r.last_ts });

export interface TickImportCommit {
  /** Symbols whose staged bars are complete and replace the stored ones of their buckets. */
  readonly stagedBarSymbols: readonly string[];
  /**
   * The file's record from the counts the commit found (new ticks, bars written), written in
   * the same transaction; null when bars are rebuilt afterwards and `record` follows them.
   */
  readonly record: ((inserted: number, bars: number) => TickImportRecord) | null;
}

export interface TickImportCommitResult {
  /** Ticks stored that were not stored before, per symbol. */
  readonly insertedBySymbol: ReadonlyMap<string, number>;
  /** Staged bars written. */
  readonly bars: number;
  /** Milliseconds the store's write lock was held. */
  readonly lockMs: number;
}

export interface TickImportSession {
  /** Stages ticks; `symbols` maps `symbolIndex` to names and only grows between calls. */
  stageTicks(symbols: readonly string[], batch: StagedTicks): Promise<void>;
  /** Stages finished bars of the file's own ticks (source `import`). */
  stageBars(bars: readonly Bar[]): Promise<void>;
  /**
   * For a file not in order: drops repeated `(symbol, tradeId)` keeping the first row, and for
   * `tradeId` order returns the rows whose time goes back as ids go up.
   */
  settleUnsorted(order: StagedOrder): Promise<SettledRows>;
  /** Whether any tick of `symbol` is stored with `from <= ts < to`. */
  hasStoredTicks(symbol: string, from: number, to: number): Promise<boolean>;
  /** The record of an earlier import of the same bytes, or null. */
  findImport(sha256: string): Promise<TickImportRecord | null>;
  /** Moves the staged ticks (and bars) into the store in one transaction. */
  commit(c: TickImportCommit): Promise<TickImportCommitResult>;
  /** Records a finished import whose bars were rebuilt after the commit. */
  record(r: TickImportRecord): Promise<void>;
  /** Drops the staging area; after `commit` or instead of it. Safe to call twice. */
  close(): Promise<void>;
}
