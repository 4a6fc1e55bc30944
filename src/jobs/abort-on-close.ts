/**
 * An AbortSignal that fires when an HTTP response closes before it finished: the client went
 * away, so the job working for it is cancelled and its worker freed.
 * @module
 */

import type { ServerResponse } from 'node:http';

export function abortOnClose(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => {
    // `writableEnded`: the answer was ended (every byte handed over), whether or not the socket
    // flushed it yet. Fastify's inject (light-my-request) never sets `writableFinished`, and
    // aborting a finished job terminates its worker: the next job paid a new worker's start.
    if (!res.writableEnded && !res.writableFinished) ac.abort();
  });
  return ac.signal;
}
