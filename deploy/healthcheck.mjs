#!/usr/bin/env node
// The container's HEALTHCHECK (Dockerfile, compose.yaml): GET /api/health on this machine's
// loopback, with the access token when one is set, since a server bound beyond loopback
// answers 401 to every request without it (docs/security.md). Exit 0 when the server answers
// 200 within the timeout, 1 otherwise, saying why on stderr (`docker inspect` shows it).
// Plain Node with its built-in fetch: the slim image has no curl or wget.
//
// Environment: TANDEM_PORT (default 8501), TANDEM_TOKEN, TANDEM_HEALTH_TIMEOUT_MS (default 4000).

const port = process.env.TANDEM_PORT || '8501';
const token = process.env.TANDEM_TOKEN;
const timeoutMs = Number(process.env.TANDEM_HEALTH_TIMEOUT_MS || '4000');
const url = `http://127.0.0.1:${port}/api/health`;

try {
  const res = await fetch(url, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 200) {
    process.stderr.write(`healthcheck: ${url} answered ${res.status}\n`);
    process.exit(1);
  }
  const body = await res.json();
  if (body.status !== 'ok') {
    process.stderr.write(`healthcheck: ${url} answered status ${JSON.stringify(body.status)}\n`);
    process.exit(1);
  }
  process.exit(0);
} catch (e) {
  process.stderr.write(`healthcheck: ${url} unreachable: ${e instanceof Error ? (e.cause?.code ?? e.message) : String(e)}\n`);
  process.exit(1);
}
