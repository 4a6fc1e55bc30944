/**
 * `POST /api/import/ticks` on the job lane. The upload's bytes go to a worker as they arrive
 * (`upload-port.ts`; the event loop only moves bytes), which imports them on its own
 * connection to the SQLite file: reading, validating, staging and the commit all happen off
 * the event loop. The one moment
 * the loop could still wait is a write of its own while the worker's commit holds the store's
 * write lock, so the worker asks before it commits, and the live bar writes are held until it
 * has (`LiveEngine.holdBarWrites`). Stores another thread cannot open (`:memory:`, a store
 * behind the Redis cache, PostgreSQL) import on the main thread as before.
 * @module
 */

import { MessageChannel } from 'node:worker_threads';
import type { MarketStores } from '../../store/market-stores.js';
import type { JobPool } from '../job-pool.js';
import type { CommitSignal, TickImportJobOptions } from '../job-protocol.js';
import { sqliteFileOf } from '../tick-csv-job.js';
import { importTicksInto } from './import-into-store.js';
import type { TickFileImportResult } from './tick-file-import.js';
import { sendUpload } from './upload-port.js';

/** Imports an uploaded tick file; `holdWrites` holds this thread's own store writes during the commit. */
export async function importTickUpload(pool: JobPool, stores: MarketStores, holdWrites: () => Promise<() => void>, body: AsyncIterable<Uint8Array>, opts: TickImportJobOptions): Promise<TickFileImportResult> {
  const dbPath = sqliteFileOf(stores);
  if (dbPath === null) return importTicksInto(stores, body, opts);
  pool.assertRoom();
  const { port1, port2 } = new MessageChannel();
  let release: (() => void) | null = null;
  port1.on('message', (m: CommitSignal | { kind: 'credit' }) => {
    if (m.kind === 'commit-ready') {
      void holdWrites().then((r) => {
        release = r;
        port1.postMessage({ kind: 'commit-go' } satisfies CommitSignal);
      });
    } else if (m.kind === 'committed') {
      release?.();
      release = null;
    }
  });
  // The worker's end (read all, or rejected the file early) stops the sender.
  const finished = new AbortController();
  const running = pool.run<TickFileImportResult>({ kind: 'tick-import', dbPath, options: opts, port: port2 }, { transferList: [port2] }).finally(() => finished.abort());
  const sending = sendUpload(port1, body, finished.signal);
  try {
    const [sent, ran] = await Promise.allSettled([sending, running]);
    // The upload's own failure (over the size limit, the client gone) explains the import's.
    if (sent.status === 'rejected') throw sent.reason;
    if (ran.status === 'rejected') throw ran.reason;
    return ran.value;
  } finally {
    (release as (() => void) | null)?.();
    port1.close();
  }
}
