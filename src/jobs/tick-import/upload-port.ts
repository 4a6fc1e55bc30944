/**
 * An upload's bytes from the main thread to the import worker over a MessagePort, with the
 * credits of `chunk-sender.ts` the other way round: the main thread sends at most
 * `CREDIT_WINDOW` chunks ahead of the worker's reading, so a fast client's upload is held in
 * the socket (TCP backpressure), never in memory, and the worker stops the upload early when
 * it rejects the file (a line over the limit: no need to read the rest).
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import { CREDIT_WINDOW } from '../chunk-sender.js';
import type { StreamCredit } from '../job-protocol.js';

/** Main to worker. */
export type UploadMessage = { readonly kind: 'chunk'; readonly bytes: ArrayBuffer } | { readonly kind: 'end' } | { readonly kind: 'abort'; readonly message: string };

/**
 * Sends `body` on `port` as the worker asks for it. Resolves when all is sent, or early once
 * `stop` aborts (the worker finished without reading all); rejects when `body` fails, after
 * telling the worker.
 */
export async function sendUpload(port: MessagePort, body: AsyncIterable<Uint8Array>, stop: AbortSignal): Promise<void> {
  let credits = CREDIT_WINDOW;
  let wake: (() => void) | null = null;
  const rouse = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onCredit = (m: { kind?: string; n?: number }): void => {
    if (m.kind !== 'credit') return;
    credits += m.n ?? 0;
    rouse();
  };
  port.on('message', onCredit);
  stop.addEventListener('abort', rouse, { once: true });
  try {
    for await (const chunk of body) {
      while (credits <= 0 && !stop.aborted) await new Promise<void>((resolve) => (wake = resolve));
      if (stop.aborted) return;
      credits--;
      const bytes = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
      port.postMessage({ kind: 'chunk', bytes } satisfies UploadMessage, [bytes]);
    }
    if (!stop.aborted) port.postMessage({ kind: 'end' } satisfies UploadMessage);
  } catch (e) {
    if (!stop.aborted) port.postMessage({ kind: 'abort', message: e instanceof Error ? e.message : String(e) } satisfies UploadMessage);
    throw e;
  } finally {
    port.off('message', onCredit);
    stop.removeEventListener('abort', rouse);
  }
}

/** The worker's side: the upload as a byte stream, crediting each chunk as it is taken. */
export async function* receiveUpload(port: MessagePort): AsyncGenerator<Uint8Array> {
  const queue: UploadMessage[] = [];
  let wake: (() => void) | null = null;
  const on = (m: UploadMessage | { kind: string }): void => {
    if (m.kind !== 'chunk' && m.kind !== 'end' && m.kind !== 'abort') return;
    queue.push(m as UploadMessage);
    const w = wake;
    wake = null;
    w?.();
  };
  port.on('message', on);
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      if (m.kind === 'end') return;
      if (m.kind === 'abort') throw new Error(`the upload failed: ${m.message}`);
      port.postMessage({ kind: 'credit', n: 1 } satisfies StreamCredit);
      yield new Uint8Array(m.bytes);
    }
  } finally {
    port.off('message', on);
  }
}
