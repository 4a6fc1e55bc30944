/**
 * The job worker's side of SQLite tick retention: a writable connection per file, kept for the
 * worker's life (beside the read-only ones of `sqlite-readers.ts`), with the same busy timeout
 * as the live writer, and a pause between batches of three times the batch, at least 20 ms, so
 * the live writer, whose busy handler polls at growing intervals, finds the lock free.
 * @module
 */

import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { TickRetentionJob } from '../job-protocol.js';
import type { RetentionResult } from './retention-result.js';
import { retainSqliteTicks, SqliteTickRetention } from './sqlite-tick-retention.js';

const open = new Map<string, SqliteTickRetention>();

export function runTickRetentionJob(job: TickRetentionJob): Promise<RetentionResult> {
  let retention = open.get(job.dbPath);
  if (retention === undefined) {
    const db = new Database(job.dbPath, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    retention = new SqliteTickRetention(db);
    open.set(job.dbPath, retention);
  }
  return retainSqliteTicks(retention, job.cutoff, { batchRows: job.batchRows, pause: (ms) => sleep(Math.max(20, Math.ceil(3 * ms))) });
}
