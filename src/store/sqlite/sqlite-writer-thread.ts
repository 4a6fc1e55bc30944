/**
 * `SqliteWriterThread`: commits tick batches to SQLite on a worker thread, so parsing, bar
 * building and serving on the main thread never wait for the disk. Batches cross as
 * `TickColumns` whose buffers are transferred, not copied. Under WAL the main thread's own
 * connection keeps reading while the worker writes.
 * @module
 */

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppendResult } from '../tick-store.js';
import { transferablesOf, type TickColumns } from '../tick-columns.js';

export type WriterRequest = { readonly kind: 'append'; readonly id: number; readonly cols: TickColumns } | { readonly kind: 'close'; readonly id: number };
export type WriterReply = { readonly id: number; readonly ok: true; readonly result: AppendResult } | { readonly id: number; readonly ok: false; readonly error: string };

export class SqliteWriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: AppendResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  /** Starts a writer for the SQLite file at `path` (the schema must already be migrated). */
  constructor(path: string) {
    this.worker = startWorker(new URL('./sqlite-writer-worker.js', import.meta.url), { path });
    this.worker.on('message', (reply: WriterReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) w?.resolve(reply.result);
      else w?.reject(new Error(`tick write failed: ${reply.error}`));
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`SQLite writer thread exited (code ${code})`)));
  }

  /** Commits `cols` in one transaction; its buffers are transferred and unusable afterwards. */
  append(cols: TickColumns): Promise<AppendResult> {
    return this.request({ kind: 'append', id: this.nextId++, cols }, transferablesOf(cols));
  }

  /** Waits for every batch sent so far, then closes the worker's connection. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    if (this.failure !== null) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    await this.request({ kind: 'close', id: this.nextId++ }, []);
    await exited;
  }

  private request(msg: WriterRequest, transfer: ArrayBuffer[]): Promise<AppendResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (msg.kind === 'append' && this.closing !== null) return Promise.reject(new Error('SQLite writer thread: append after close'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.set(msg.id, { resolve, reject });
      this.worker.postMessage(msg, transfer);
    });
  }

  private fail(e: Error): void {
    if (this.failure === null && this.waiting.size === 0 && e.message.includes('code 0')) return;
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

/**
 * Starts the worker at `url` (a `.js` beside this module in dist/). Run from TypeScript
 * sources, as in tests, the `.ts` file is loaded through tsx's loader instead.
 */
function startWorker(url: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(url, { workerData });
  const tsUrl = url.href.replace(/\.js$/, '.ts');
  // tsx's ESM loader API (its `import` export of `tsx/esm/api`).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(tsUrl)}); });`;
  return new Worker(boot, { eval: true, workerData });
}
