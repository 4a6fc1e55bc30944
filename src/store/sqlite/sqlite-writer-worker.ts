/**
 * The writer thread's entry: it owns a second connection to the SQLite file and commits the
 * columnar tick batches posted to it, one transaction each, answering with the counts.
 * @module
 */

import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase } from './sqlite-database.js';
import { SqliteTickStore } from './sqlite-tick-store.js';
import type { WriterReply, WriterRequest } from './sqlite-writer-thread.js';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-worker must run as a worker thread');
const db = openSqliteDatabase((workerData as { path: string }).path);
const ticks = new SqliteTickStore(db);

port.on('message', (msg: WriterRequest) => {
  let reply: WriterReply;
  if (msg.kind === 'close') {
    db.close();
    reply = { id: msg.id, ok: true, result: { inserted: 0, duplicates: 0 } };
    port.postMessage(reply);
    port.close();
    return;
  }
  try {
    reply = { id: msg.id, ok: true, result: appendWaitingOutLocks(msg) };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});

/** Busy timeouts (5 s each) waited out before a batch fails: a bulk import's commit holds the lock for about 1 s per million ticks. */
const BUSY_RETRIES = 60;

/**
 * Appends a batch, waiting as long as another connection holds the write lock (an import's
 * commit): this thread has nothing else to do, and a live batch given up would be lost.
 */
function appendWaitingOutLocks(msg: Extract<WriterRequest, { kind: 'append' }>): ReturnType<SqliteTickStore['appendColumnsSync']> {
  for (let attempt = 0; ; attempt++) {
    try {
      return ticks.appendColumnsSync(msg.cols);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= BUSY_RETRIES) throw e;
    }
  }
}
