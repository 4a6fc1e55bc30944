/**
 * The worker's side of a tick import on the job lane: its own connection to the SQLite file,
 * the upload's bytes from the main thread, and the commit handshake with the main thread (which holds its own
 * writes to the store while the commit has the write lock; see `tick-import-job.ts`).
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import { openSqliteDatabase } from '../../store/sqlite/sqlite-database.js';
import type { CommitSignal, TickImportJob } from '../job-protocol.js';
import { importTicksIntoSqlite } from './import-into-store.js';
import type { TickFileImportResult } from './tick-file-import.js';
import { receiveUpload } from './upload-port.js';

const waitFor = (port: MessagePort, kind: CommitSignal['kind']): Promise<void> =>
  new Promise((resolve) => {
    const on = (m: CommitSignal): void => {
      if (m.kind !== kind) return;
      port.off('message', on);
      resolve();
    };
    port.on('message', on);
  });

export async function runTickImportJob(job: TickImportJob): Promise<TickFileImportResult> {
  const db = openSqliteDatabase(job.dbPath);
  try {
    return await importTicksIntoSqlite(db, receiveUpload(job.port), {
      ...job.options,
      beforeCommit: async () => {
        const go = waitFor(job.port, 'commit-go');
        job.port.postMessage({ kind: 'commit-ready' } satisfies CommitSignal);
        await go;
      },
      afterCommit: () => job.port.postMessage({ kind: 'committed' } satisfies CommitSignal),
    });
  } finally {
    db.close();
    job.port.close();
  }
}
