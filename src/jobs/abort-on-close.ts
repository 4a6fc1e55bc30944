/**
 * An AbortSignal that fires when an HTTP response closes before it finished: the client went
 * away, so the job working for it is cancelled and its worker freed.
 * @module
 */

import type { ServerResponse } from 'node:http';

export function abortOnClose(res: ServerResponse): AbortSignal {
  const ac = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  return ac.signal;
}
