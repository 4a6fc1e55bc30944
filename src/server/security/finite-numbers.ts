/**
 * Refuses requests whose validated query, path or body holds a number that is not finite.
 * Ajv, with Fastify's type coercion, turns a string such as `1e999` (or 400 nines) into
 * `Infinity` and then skips that field's `minimum`/`maximum` checks, so
 * `GET /api/ticks?limit=1e999` reached SQLite as `LIMIT Infinity` and came back a 500. No
 * route wants a non-finite number, so one hook after validation answers 400 for all of them.
 * @module
 */

import type { FastifyInstance } from 'fastify';
import { sendProblem } from '../problem.js';

/** The JSON path of the first non-finite number in `value` (`/limit`, `/params/0/level`), or null. */
export function firstNonFinite(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '/';
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  // Parsed JSON and query objects only (the query parser's objects have a prototype whose own
  // prototype is null); a raw body stream (the imports) is not data to walk.
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
  if (!Array.isArray(value) && !plain) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = firstNonFinite(v, `${path}/${k}`, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    for (const [context, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
      const at = firstNonFinite(value);
      if (at !== null) return sendProblem(reply, 400, 'invalid_request', `${context}${at} must be a finite number`, { field: `${context}${at}` });
    }
  });
}
