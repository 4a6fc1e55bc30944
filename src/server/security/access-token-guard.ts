/**
 * The access token of a server bound beyond loopback (`TANDEM_TOKEN`), checked on every HTTP
 * request and WebSocket upgrade: the REST API, the stream, the dashboard's static files and
 * the OpenAPI pages alike.
 *
 * A request carries it in one of three ways:
 * - `Authorization: Bearer <token>` (scripts, the CLI);
 * - `?token=<token>` (a link; on a page address it is exchanged for the cookie, see below);
 * - the `tandem_session` cookie, which the browser sends by itself. Opening `/?token=<token>`
 *   sets it (HttpOnly, SameSite=Strict) and redirects to the same address without the token,
 *   so the token leaves the address bar and history, and the page's scripts never see it.
 *
 * Comparisons run in constant time. A request without a valid token gets 401 with a JSON
 * error body; a WebSocket upgrade gets the same 401 instead of a socket.
 * @module
 */

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refuse } from './refuse-request.js';

export const SESSION_COOKIE = 'tandem_session';

/** SHA-256 of a string: equal-length buffers for `timingSafeEqual`, whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Compares `given` with `expected` in time independent of where they differ. */
export function tokenEquals(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The cookie's value: derived from the token rather than the token itself, so a cookie read
 * off a disk is no Bearer token for scripts.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('tandem-session-v1').digest('hex');
}

/** The value of cookie `name` in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** `url` without its `token` query parameter; only ever a path on this server. */
export function withoutToken(url: string): string {
  const parsed = new URL(url, 'http://tandem.invalid');
  parsed.searchParams.delete('token');
  const path = parsed.pathname.replace(/^[/\\]+/, '/');
  return `${path}${parsed.search}${parsed.hash}`;
}

const UNAUTHORIZED =
  'this server requires TANDEM_TOKEN: open the dashboard at /?token=<token>, or send Authorization: Bearer <token> (or ?token=<token>) with API requests';

/** Adds the `onRequest` hook that lets only requests with `token` through. */
export function requireAccessToken(app: FastifyInstance, token: string): void {
  if (token === '') throw new Error('requireAccessToken needs a non-empty token');
  const cookieValue = sessionValue(token);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const fromQuery = query?.['token'];
    // The token is the transport's, not a route parameter: take it out before the query is
    // validated, where an unknown field would be an error.
    if (query !== undefined) delete query['token'];

    const header = request.headers.authorization;
    if (header !== undefined && header.startsWith('Bearer ') && tokenEquals(header.slice(7), token)) return;
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie !== null && tokenEquals(cookie, cookieValue)) return;
    if (typeof fromQuery === 'string' && tokenEquals(fromQuery, token)) {
      // A page address with the token: trade it for the cookie and take it out of the address.
      // The dashboard and the OpenAPI pages; API calls with ?token= just go through.
      const isPage = request.method === 'GET' && request.headers.upgrade === undefined && (!request.url.startsWith('/api/') || /^\/api\/docs(\/|\?|$)/.test(request.url));
      if (!isPage) return;
      return reply
        .header('set-cookie', `${SESSION_COOKIE}=${cookieValue}; Path=/; HttpOnly; SameSite=Strict`)
        .header('cache-control', 'no-store')
        .redirect(withoutToken(request.url), 303);
    }
    return refuse(request, reply, 401, 'unauthorized', UNAUTHORIZED);
  });
}
