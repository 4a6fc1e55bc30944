/**
 * Starts a worker thread from a module beside the caller, both from the compiled `dist/` and
 * from TypeScript sources (tests run under vitest, where the `.ts` file is loaded through tsx's
 * loader). The same pattern as `store/sqlite/sqlite-writer-thread.ts`, which keeps its own
 * copy because the layer rules let `store/` import neither `engine/` nor I/O from `core/`.
 * @module
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Starts the worker at `url` (the `.js` path as compiled). */
export function startWorker(url: URL, workerData: unknown): Worker {
  if (!url.href.endsWith('.js') || !import.meta.url.endsWith('.ts')) return new Worker(url, { workerData });
  const tsUrl = url.href.replace(/\.js$/, '.ts');
  // tsx's ESM loader API (its `import` export of `tsx/esm/api`).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
