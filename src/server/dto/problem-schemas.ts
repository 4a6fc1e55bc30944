/**
 * The error body of every REST answer of 4xx/5xx: an RFC 9457 problem
 * (`application/problem+json`) with Tandem's stable `code`, the field at fault when known,
 * and, as an extension member, the `error: {code, message}` that clients read before problems
 * existed (the dashboard, scripts). `server/problem.ts` builds it.
 * @module
 */

import { Type, type Static, type TSchema } from 'typebox';

const problemFields = {
  type: Type.String({ description: 'URI of the problem type: `urn:tandem:problem:<code>`' }),
  title: Type.String({ description: 'short summary of the problem type; the same for every occurrence of a code' }),
  status: Type.Integer({ minimum: 400, maximum: 599, description: 'the HTTP status of this answer' }),
  detail: Type.String({ description: 'what was wrong with this request, for a person' }),
  code: Type.String({ description: 'stable snake_case code for programs: invalid_request, not_found, insufficient_data, busy, ... (docs/api.md)' }),
  field: Type.Optional(Type.String({ description: 'the offending field, as `querystring/limit` or `body/params/window`, when one is known' })),
};

/** `error` as before problems: the same code, and the detail as `message`. */
const LegacyError = Type.Object({ code: Type.String(), message: Type.String() }, { description: 'the same code and detail, kept for clients written before problem+json' });

export const Problem = Type.Object({ ...problemFields, error: LegacyError }, { title: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = Static<typeof Problem>;

/** A rejected import file (`invalid_file`): the problem, and in `error` every bad row (up to 1,000) and the count beyond. */
export const ImportProblem = Type.Object(
  {
    ...problemFields,
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      rows: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), reason: Type.String() }))),
      moreRows: Type.Optional(Type.Integer()),
    }),
  },
  { title: 'ImportProblem', description: 'RFC 9457 problem details; a rejected file lists its bad rows in error.rows' },
);
export type ImportProblem = Static<typeof ImportProblem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A route's declared error answer: `{ 404: problemResponse('no such rule') }`. */
export function problemResponse<T extends TSchema = typeof Problem>(description: string, schema?: T): { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: T } } } {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: (schema ?? Problem) as T } } };
}
