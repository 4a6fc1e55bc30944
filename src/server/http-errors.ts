/**
 * The one place where errors become HTTP responses: RFC 9457 problems (`problem.ts`).
 * - Schema violations: 400 `invalid_request`, one sentence per problem naming the field
 *   (`querystring/limit must be <= 100000`); a value outside a set of literals lists them
 *   (`querystring/method must be one of ols, huber, theilsen, kalman`).
 * - A `TandemError` keeps its code with its status (`busy`, the job lane full, is a 503 with
 *   `Retry-After`, logged as a warning).
 * - Fastify's own errors (`FST_ERR_*`: a body that is not JSON, a content type no route
 *   takes, a body over the limit, ...) get one of our codes and a sentence, never the
 *   framework's code.
 * - Anything else is a 500 that hides internals, is logged at error level with its stack and
 *   the request id, and names that id so a user can quote it.
 * @module
 */

import type { FastifyError, FastifyInstance } from 'fastify';
import { TandemError } from '../core/tandem-error.js';
import { sendProblem } from './problem.js';

interface ValidationIssue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** Status for expected errors by code; the rest of a `TandemError`'s codes are 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = { not_found: 404, conflict: 409, insufficient_data: 422, busy: 503 };

/** Seconds a client refused with `busy` (the job lane is full) should wait. */
const RETRY_AFTER_S = 1;

/** One problem of a request: where, the literals it could have been, and what else was expected. */
interface Complaint {
  readonly path: string;
  readonly allowed: readonly unknown[];
  readonly others: readonly string[];
  readonly field: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function complaintOf(where: string, v: ValidationIssue): Complaint {
  const path = v.instancePath ?? '';
  const extra = v.params?.['additionalProperty'];
  const missing = v.params?.['missingProperty'];
  if (typeof extra === 'string') return { path, allowed: [], others: [`has an unknown field '${extra}'`], field: `${where}/${extra}` };
  if (typeof missing === 'string') return { path, allowed: [], others: [`is missing the required field '${missing}'`], field: `${where}/${missing}` };
  if (v.keyword === 'const') return { path, allowed: [v.params?.['allowedValue']], others: [], field: where };
  if (v.keyword === 'enum' && Array.isArray(v.params?.['allowedValues'])) return { path, allowed: v.params['allowedValues'] as unknown[], others: [], field: where };
  return { path, allowed: [], others: [v.message ?? 'is invalid'], field: where };
}

function sentence(context: string, c: Complaint): string {
  const parts = [...new Set(c.others)];
  if (c.allowed.length > 0) parts.push(c.allowed.length === 1 ? `must be ${show(c.allowed[0])}` : `must be one of ${[...new Set(c.allowed.map(show))].join(', ')}`);
  return `${context}${c.path} ${parts.join(', or ')}`;
}

/**
 * Ajv's issues as one sentence per problem. A union (`anyOf`) reports each branch's failure
 * and then its own: those are folded into the union's one sentence, which lists the literals
 * of its branches (a union of literals is how TypeBox writes an enum).
 * @returns the message and the field of the first problem
 */
export function describeValidation(context: string | undefined, issues: readonly ValidationIssue[]): { message: string; field: string } {
  const ctx = context ?? 'request';
  let pending: Complaint[] = [];
  for (const v of issues) {
    const where = `${ctx}${v.instancePath ?? ''}`;
    if (v.keyword !== 'anyOf' && v.keyword !== 'oneOf') {
      pending.push(complaintOf(where, v));
      continue;
    }
    const path = v.instancePath ?? '';
    const branches = pending.filter((c) => c.path === path || c.path.startsWith(`${path}/`));
    pending = pending.filter((c) => !branches.includes(c));
    const others = branches.flatMap((c) => (c.path === path ? c.others : c.others.map((o) => `${c.path.slice(path.length + 1)} ${o}`)));
    pending.push({ path, allowed: branches.flatMap((c) => c.allowed), others: others.length === 0 && branches.length === 0 ? [v.message ?? 'is invalid'] : others, field: where });
  }
  return { message: pending.map((c) => sentence(ctx, c)).join('; '), field: pending[0]?.field ?? ctx };
}

/** Fastify's errors by their code: our status, code and a sentence for a person. */
function frameworkProblem(error: FastifyError, method: string, path: string, bodyLimit: number): { status: number; code: string; detail: string } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'invalid_request', detail: 'body is not valid JSON, but its content-type says application/json' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'invalid_request', detail: 'body is empty but its content-type says JSON: send a JSON value, or no content-type' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: `${method} ${path} does not take this content-type; send application/json` };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_request', detail: 'content-length does not match the body that was sent' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', detail: `the body is larger than this route's limit of ${bodyLimit} bytes` };
    case 'FST_ERR_NOT_FOUND':
      return { status: 404, code: 'not_found', detail: `${method} ${path} is not a Tandem endpoint` };
    default:
      break;
  }
  // Any other JSON syntax error from a body parser.
  if (error instanceof SyntaxError) return { status: 400, code: 'invalid_request', detail: `body is not valid JSON (${error.message})` };
  return null;
}

/** Our code for a 4xx without one of its own (a plugin's error), by status. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const { message, field } = describeValidation(error.validationContext, error.validation);
      return sendProblem(reply, 400, 'invalid_request', message, { field });
    }
    if (error instanceof TandemError) {
      if (error.code === 'busy') {
        // Shedding load is the lane working as designed: a warning, not an error with a stack.
        request.log.warn({ code: error.code, statusCode: 503 }, error.message);
        void reply.header('retry-after', String(RETRY_AFTER_S));
      }
      return sendProblem(reply, STATUS_BY_CODE[error.code] ?? 400, error.code, error.message);
    }
    const path = request.url.split('?')[0] ?? request.url;
    const known = frameworkProblem(error, request.method, path, request.routeOptions.bodyLimit);
    if (known !== null) return sendProblem(reply, known.status, known.code, known.detail);
    const status = error.statusCode ?? 500;
    if (status < 500) {
      // A plugin's own code when it is one of ours in form (snake_case), never a framework's FST_ERR_*.
      const code = error.code !== undefined && /^[a-z][a-z0-9_]*$/.test(error.code) ? error.code : (CODE_BY_STATUS[status] ?? 'invalid_request');
      return sendProblem(reply, status, code, error.message);
    }
    request.log.error({ err: error, statusCode: status }, `request failed: ${error.message}`);
    return sendProblem(reply, 500, 'internal', `internal error; request id ${request.id}`);
  });
}
