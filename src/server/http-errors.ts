/**
 * The one place where errors become HTTP responses: `{ "error": { "code", "message" } }`.
 * Schema violations name the field (`querystring/limit must be <= 100000`); a `TandemError`
 * keeps its code with a 4xx (`busy`, the job lane full, is a 503 with `Retry-After`, logged as a
 * warning); anything else is a 500 that hides internals, is logged at error level with its
 * stack and the request id, and names that id so a user can quote it.
 * @module
 */

import type { FastifyError, FastifyInstance } from 'fastify';
import { TandemError } from '../core/tandem-error.js';

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** Status for expected errors by code; the rest of a `TandemError`'s codes are 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = { not_found: 404, conflict: 409, insufficient_data: 422, busy: 503 };

/** Seconds a client refused with `busy` (the job lane is full) should wait. */
const RETRY_AFTER_S = 1;

export function describeValidation(context: string | undefined, issues: readonly ValidationIssue[]): string {
  return issues
    .map((v) => {
      const where = `${context ?? 'request'}${v.instancePath ?? ''}`;
      const extra = v.params?.['additionalProperty'];
      const missing = v.params?.['missingProperty'];
      if (typeof extra === 'string') return `${where} has an unknown field '${extra}'`;
      if (typeof missing === 'string') return `${where} is missing the required field '${missing}'`;
      return `${where} ${v.message ?? 'is invalid'}`;
    })
    .join('; ');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: describeValidation(error.validationContext, error.validation) } });
    }
    if (error instanceof TandemError) {
      if (error.code === 'busy') {
        // Shedding load is the lane working as designed: a warning, not an error with a stack.
        request.log.warn({ code: error.code, statusCode: 503 }, error.message);
        void reply.header('retry-after', String(RETRY_AFTER_S));
      }
      return reply.status(STATUS_BY_CODE[error.code] ?? 400).send({ error: { code: error.code, message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.status(status).send({ error: { code: error.code ?? 'bad_request', message: error.message } });
    }
    request.log.error({ err: error, statusCode: status }, `request failed: ${error.message}`);
    return reply.status(500).send({ error: { code: 'internal', message: `internal error; request id ${request.id}` } });
  });
}
