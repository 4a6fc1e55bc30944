/**
 * The worker side of a streamed job: sends byte chunks on a MessagePort (their ArrayBuffers
 * transferred, not copied) and waits for credits when `window` chunks are unanswered, so a slow
 * client holds a few chunks in memory, never the whole range.
 * @module
 */

import type { MessagePort } from 'node:worker_threads';
import type { StreamCredit, StreamOut } from './job-protocol.js';

/** Chunks in flight before the worker waits for the consumer. */
export const CREDIT_WINDOW = 4;

export class ChunkSender {
  private credits = CREDIT_WINDOW;
  private wake: (() => void) | null = null;
  bytes = 0;

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: StreamCredit) => {
      this.credits += m.n;
      const w = this.wake;
      this.wake = null;
      w?.();
    });
  }

  /** Sends `text` as UTF-8, after waiting for a credit when none is left. */
  async send(text: string): Promise<void> {
    await this.sendBytes(Buffer.from(text, 'utf8'));
  }

  /** Sends `buf`, after waiting for a credit when none is left; `buf` is not to be used afterwards. */
  async sendBytes(buf: Uint8Array): Promise<void> {
    while (this.credits <= 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.credits--;
    // A buffer of its own ArrayBuffer can be transferred as is; a view into a larger one (a pooled small Buffer) is copied.
    const bytes = buf.byteOffset === 0 && buf.buffer.byteLength === buf.length ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
    this.bytes += buf.length;
    this.port.postMessage({ kind: 'chunk', bytes: bytes as ArrayBuffer } satisfies StreamOut, [bytes as ArrayBuffer]);
  }

  end(): void {
    this.port.postMessage({ kind: 'end' } satisfies StreamOut);
    this.port.close();
  }
}
