/**
 * What the main thread sends the job worker, and what comes back on a job's MessagePort.
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import type { BacktestRequest } from '../engine/backtest-request.js';
import type { StoredSimulationOptions } from '../engine/backtest-run.js';
import type { BarHistoryQuery } from '../engine/bar-history.js';
import type { ColumnarFormat } from '../engine/columnar-export.js';
import type { PairRangeQuery } from '../engine/pair-engine.js';
import type { PairBarsQuery } from '../engine/pair-bar-loader.js';
import type { RowError } from '../ingest/replay/tick-file-format.js';
import type { TickFileImportOptions } from './tick-import/tick-file-import.js';
import type { TimeframeSpec } from '../model/timeframe.js';
import type { SymbolColumns, UniverseQuery } from '../engine/screener-universe-loader.js';
import type { ScreenOptions, ScreenUniverse } from '../analytics/screen-pairs.js';

/** Ticks of one symbol over [from, to) as CSV, read from a SQLite file opened read-only. */
export interface TickCsvJob {
  readonly kind: 'tick-csv';
  readonly dbPath: string;
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
  /** Chunks go out on this port; the consumer answers each with a credit. */
  readonly port: MessagePort;
}

/**
 * Ticks or bars of one symbol as Parquet or an Arrow stream (`engine/columnar-export.ts`),
 * read from a SQLite file opened read-only; chunks go out on `port` like a `TickCsvJob`'s.
 */
export interface ColumnarExportJob {
  readonly kind: 'columnar-export';
  readonly dbPath: string;
  readonly format: ColumnarFormat;
  readonly table: 'ticks' | 'bars';
  readonly symbol: string;
  readonly from?: number;
  readonly to?: number;
  /** The bars' timeframe (`table: 'bars'`). */
  readonly tf?: TimeframeSpec;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly now: number;
  readonly port: MessagePort;
}

/** `queryBarHistory` on a read-only connection to the SQLite file; answers the bars. */
export interface BarHistoryJob {
  readonly kind: 'bar-history';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly query: BarHistoryQuery;
  readonly now: number;
}

/** A tick file (an upload) imported into the SQLite file on a worker's own connection. */
export interface TickImportJob {
  readonly kind: 'tick-import';
  readonly dbPath: string;
  readonly options: TickImportJobOptions;
  /**
   * The upload's bytes come in on it (`upload-port.ts`), and the commit handshake: the worker
   * sends `commit-ready`, waits for `commit-go`, then sends `committed`.
   */
  readonly port: MessagePort;
}

/** The serialisable part of `TickFileImportOptions`. */
export type TickImportJobOptions = Pick<TickFileImportOptions, 'name' | 'symbol' | 'format' | 'maxLineBytes' | 'timeframes' | 'force'>;

export type CommitSignal = { readonly kind: 'commit-ready' } | { readonly kind: 'commit-go' } | { readonly kind: 'committed' };

/** `runStoredBacktest` on a read-only connection to the SQLite file; answers its result. */
export interface BacktestJob {
  readonly kind: 'backtest';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly request: BacktestRequest;
  readonly now: number;
}

/** `simulateStoredPair` (a paper strategy's update) on a read-only connection; answers the bars and the simulation. */
export interface PaperRunJob {
  readonly kind: 'paper-run';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly request: BacktestRequest;
  readonly options: StoredSimulationOptions;
  readonly now: number;
}

/** `analyzePairBars` over both legs read from the SQLite file; answers the series and tests. */
export interface PairRangeJob {
  readonly kind: 'pair-range';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly query: PairRangeQuery;
  readonly now: number;
}

/** `loadPairBars` on a read-only connection to the SQLite file; answers the aligned columns. */
export interface PairBarsJob {
  readonly kind: 'pair-bars';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly query: PairBarsQuery;
  readonly now: number;
}

/** `queryBarHistoryThinned` on a read-only connection to the SQLite file. */
export interface ThinnedBarHistoryJob {
  readonly kind: 'bar-history-thinned';
  readonly dbPath: string;
  readonly storedTimeframes: readonly TimeframeSpec[];
  readonly query: Omit<BarHistoryQuery, 'limit' | 'afterStart'>;
  readonly maxPoints: number;
  readonly now: number;
}


/** Deletes the ticks before `cutoff` from a SQLite file, in batches (`retention/`); answers a `RetentionResult`. */
export interface TickRetentionJob {
  readonly kind: 'tick-retention';
  readonly dbPath: string;
  readonly cutoff: number;
  readonly batchRows: number;
}

/** The screener's universe (`loadScreenerUniverse`) read from the SQLite file; answers a `ScreenerUniverse`. */
export interface ScreenerUniverseJob {
  readonly kind: 'screener-universe';
  readonly dbPath: string;
  readonly query: UniverseQuery;
}

/** A universe read elsewhere (PostgreSQL, on the main thread) aligned here (`screenerUniverseOf`); answers a `ScreenerUniverse`. */
export interface ScreenerAlignJob {
  readonly kind: 'screener-align';
  /** Transferred, not copied. */
  readonly columns: readonly SymbolColumns[];
  readonly lookback: number;
}

/** Pairs number `from`..`to` of an aligned universe screened (`screenShard`); answers a `ShardResult`. */
export interface ScreenerShardJob {
  readonly kind: 'screener-shard';
  readonly universe: ScreenUniverse;
  readonly options: ScreenOptions;
  readonly from: number;
  readonly to: number;
}

export type JobRequest = ScreenerUniverseJob | ScreenerAlignJob | ScreenerShardJob | TickCsvJob | ColumnarExportJob | BarHistoryJob | ThinnedBarHistoryJob | TickImportJob | BacktestJob | PaperRunJob | PairRangeJob | PairBarsJob | TickRetentionJob;

/** Worker to main on a streaming job's port. */
export type StreamOut = { readonly kind: 'chunk'; readonly bytes: ArrayBuffer } | { readonly kind: 'end' };

/** Main to worker: `n` more chunks may be sent. */
export interface StreamCredit {
  readonly kind: 'credit';
  readonly n: number;
}

/** What the worker answers: the job's value, or an expected failure's code and message. */
export type JobOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly invalidFile?: { readonly summary: string; readonly rows: readonly RowError[]; readonly moreRows: number } };
