/**
 * Request ids: the caller's `x-request-id` when it is a sane one, so a request can be followed
 * from a proxy or client into this server's log, else a fresh UUID. The id is in every log line
 * of the request (`reqId`), in the `x-request-id` response header and in a 500's message.
 * @module
 */

import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest incoming id kept; a longer one is replaced rather than cut. */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Printable ASCII without spaces: safe in a header and in a log line. */
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The id of a request carrying `header` (the raw `x-request-id` value): itself when it is
 * 1-128 printable characters, else a new `crypto.randomUUID()`.
 */
export function requestIdFrom(header: string | readonly string[] | undefined): string {
  const given = typeof header === 'string' ? header : undefined;
  return given !== undefined && given.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE.test(given) ? given : randomUUID();
}
