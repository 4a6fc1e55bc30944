/**
 * Security headers on every response, the dashboard's above all: a strict Content Security
 * Policy (scripts, styles, fetches and sockets from this origin only; no inline script, no
 * eval, no plugins, no framing, no `<base>`), no MIME sniffing, no referrer (a `?token=` address
 * never leaks), and a browsing context of its own.
 *
 * Charts and React set inline styles through the CSSOM (`element.style.x = ...`), which CSP
 * does not govern, so `style-src` needs no `'unsafe-inline'`. `img-src data:` is for the page's
 * empty `data:,` icon. There is deliberately no `upgrade-insecure-requests`: a server on a LAN
 * address speaks plain HTTP, and that directive would send the page's requests to https.
 * @module
 */

import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The OpenAPI pages (`/api/docs`, Swagger UI, a third-party bundle) apply one inline style;
 * they alone may. Scripts stay as strict as everywhere: inline styles cannot run code.
 */
export const DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'origin-agent-cluster': '?1',
};

/** Sets `SECURITY_HEADERS` on every response, errors and redirects included. */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (request.url === '/api/docs' || request.url.startsWith('/api/docs/') || request.url.startsWith('/api/docs?')) reply.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
  });
}
