/**
 * Refuses requests a web page on another site could make through the user's browser:
 * - a WebSocket upgrade whose `Origin` is not this server's own (browsers let any page open a
 *   socket to any address, cookies and all, and read what comes back);
 * - on a loopback server without a token, any request whose `Host` is not a loopback name, so
 *   a site that points its DNS name at 127.0.0.1 ("DNS rebinding") cannot read the API as
 *   its own origin.
 * Programs that send no `Origin` (scripts, the CLI, `ws` clients) are not affected.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { refuse } from './refuse-request.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The host name of a `Host` header (`127.0.0.1:8501` → `127.0.0.1`, `[::1]:80` → `[::1]`). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** True when a browser's `Origin` names the same host and port the request was sent to. */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  try {
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

export interface SameOriginGuardOptions {
  /** Also require a loopback `Host` (a server without a token, which only listens on loopback). */
  readonly loopbackOnly: boolean;
}

export function addSameOriginGuard(app: FastifyInstance, opts: SameOriginGuardOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host;
    if (opts.loopbackOnly && (host === undefined || !LOOPBACK_HOSTS.has(hostName(host)))) {
      return refuse(request, reply, 421, 'misdirected_request', `this server answers only to a loopback Host (127.0.0.1, localhost, [::1]), not '${host ?? ''}'; set TANDEM_TOKEN to serve other names`);
    }
    const origin = request.headers.origin;
    if (request.headers.upgrade !== undefined && origin !== undefined && !isSameOrigin(origin, host)) {
      return refuse(request, reply, 403, 'forbidden_origin', `a WebSocket from origin '${origin}' is not allowed; open the dashboard from this server`);
    }
  });
}
