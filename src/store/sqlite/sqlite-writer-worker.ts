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
    reply = { id: msg.id, ok: true, result: ticks.appendColumnsSync(msg.cols) };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
