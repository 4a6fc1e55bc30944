/**
 * The job lane's worker: piscina calls the default export with one `JobRequest` at a time.
 * Runs on a worker thread, so it may block its own thread (synchronous SQLite reads); it never
 * touches the main thread's event loop.
 * @module
 */

import type { JobRequest } from './job-protocol.js';
import { writeTickCsv } from './tick-csv-writer.js';

export default async function runJob(job: JobRequest): Promise<{ readonly bytes: number }> {
  switch (job.kind) {
    case 'tick-csv':
      return writeTickCsv(job);
  }
}
