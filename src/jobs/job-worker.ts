/**
 * The job lane's worker: piscina calls the default export with one `JobRequest` at a time.
 * Runs on a worker thread, so it may block its own thread (synchronous SQLite reads); it never
 * touches the main thread's event loop.
 * @module
 */

import { queryBarHistory, queryBarHistoryThinned } from '../engine/bar-history.js';
import { runStoredBacktest, simulateStoredPair } from '../engine/backtest-run.js';
import { TandemError } from '../core/tandem-error.js';
import type { JobOutcome, JobRequest } from './job-protocol.js';
import { runTickRetentionJob } from './retention/sqlite-retention-job.js';
import { sqliteReaders } from './sqlite-readers.js';
import { writeTickCsv } from './tick-csv-writer.js';
import { InvalidFileError } from '../ingest/replay/tick-file-format.js';
import { runTickImportJob } from './tick-import/tick-import-worker.js';
import { runPairRangeJob } from './pair-range-job.js';
import { loadPairBarsFromFile } from './backtest-job.js';
import { runScreenerShard } from './screener-job.js';
import { loadScreenerUniverse, screenerUniverseOf } from '../engine/screener-universe-loader.js';

/**
 * A `TandemError` comes back as data, since a thrown error crosses threads without its class or
 * `code` (`JobPool.run` throws it again on the main thread); anything else is thrown as is.
 */
export default async function runJob(job: JobRequest): Promise<JobOutcome> {
  try {
    return { ok: true, value: await dispatch(job) };
  } catch (e) {
    if (e instanceof InvalidFileError) return { ok: false, code: e.code, message: e.message, invalidFile: { summary: e.summary, rows: e.rows, moreRows: e.moreRows } };
    if (e instanceof TandemError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

async function dispatch(job: JobRequest): Promise<unknown> {
  switch (job.kind) {
    case 'tick-csv':
      return writeTickCsv(job);
    case 'columnar-export':
      // Loaded on first use: the Parquet and Arrow encoders are 300 ms of a worker's 470 ms start.
      return (await import('./columnar-export-job.js')).runColumnarExportJob(job);
    case 'bar-history':
      return queryBarHistory(sqliteReaders(job.dbPath), job.storedTimeframes, job.query, job.now);
    case 'tick-import':
      return runTickImportJob(job);
    case 'bar-history-thinned':
      return queryBarHistoryThinned(sqliteReaders(job.dbPath), job.storedTimeframes, job.query, job.maxPoints, job.now);
    case 'pair-bars':
      return loadPairBarsFromFile(sqliteReaders(job.dbPath), job.storedTimeframes, job.query, job.now);
    case 'pair-range':
      return runPairRangeJob(job);
    case 'backtest':
      return runStoredBacktest({ stores: sqliteReaders(job.dbPath), timeframes: job.storedTimeframes, now: job.now }, job.request);
    case 'paper-run':
      return simulateStoredPair({ stores: sqliteReaders(job.dbPath), timeframes: job.storedTimeframes, now: job.now }, job.request, job.options);
    case 'tick-retention':
      return runTickRetentionJob(job);
    case 'screener-universe':
      return loadScreenerUniverse(sqliteReaders(job.dbPath).bars, job.query);
    case 'screener-align':
      return screenerUniverseOf(job.columns, job.lookback);
    case 'screener-shard':
      return runScreenerShard(job);
  }
}
