/**
 * RFC 9457 problem details (`application/problem+json`), the body of every REST error. A
 * problem's `type` is `urn:tandem:problem:<code>` and its `title` is derived from the code, so
 * both stay the same for every occurrence; `detail` says what was wrong with this request and
 * `field` names the offending field when it is known. The `error: {code, message}` member
 * (RFC 9457 allows extension members) keeps the shape clients read before.
 * @module
 */

import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './dto/problem-schemas.js';

/** Extra members of a problem: the field at fault, and members to add to `error` (an import's rows). */
export interface ProblemExtras {
  readonly field?: string;
  readonly error?: Readonly<Record<string, unknown>>;
}

/** `invalid_request` → `Invalid request`. */
export function problemTitle(code: string): string {
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const FIELD_PREFIX = /^((?:querystring|body|params|headers)\/[^\s:]+)/;

/**
 * The field a message names at its start (`querystring/tf: ...`, `body/params/window must ...`),
 * the convention of every request error in the server; null when it names none.
 */
export function fieldOfMessage(message: string): string | null {
  return FIELD_PREFIX.exec(message)?.[1] ?? null;
}

export function problemBody(status: number, code: string, detail: string, extras: ProblemExtras = {}): Problem & { error: Record<string, unknown> } {
  const field = extras.field ?? fieldOfMessage(detail) ?? undefined;
  return {
    type: `urn:tandem:problem:${code}`,
    title: problemTitle(code),
    status,
    detail,
    code,
    ...(field === undefined ? {} : { field }),
    error: { code, message: detail, ...extras.error },
  };
}

/** Answers `status` with a problem; returns the reply for `return sendProblem(...)` in hooks and handlers. */
export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, extras?: ProblemExtras): FastifyReply {
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(problemBody(status, code, detail, extras));
}
