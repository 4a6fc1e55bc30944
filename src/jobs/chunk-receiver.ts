/**
 * The main-thread side of a streamed job: a `Readable` fed by chunks from a worker's port.
 * A credit goes back for each chunk the stream accepted; when the client reads slower than the
 * worker writes, credits are held until `read()` asks for more, so memory stays bounded.
 * @module
 */

import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { StreamCredit, StreamOut } from './job-protocol.js';

export function chunkReceiver(port: MessagePort): Readable {
  let owed = 0;
  const stream = new Readable({
    highWaterMark: 1 << 20,
    read() {
      if (owed > 0) {
        port.postMessage({ kind: 'credit', n: owed } satisfies StreamCredit);
        owed = 0;
      }
    },
    destroy(error, callback) {
      port.close();
      callback(error);
    },
  });
  port.on('message', (m: StreamOut) => {
    if (m.kind === 'end') {
      stream.push(null);
      port.close();
      return;
    }
    if (stream.push(Buffer.from(m.bytes))) port.postMessage({ kind: 'credit', n: 1 } satisfies StreamCredit);
    else owed++;
  });
  return stream;
}
