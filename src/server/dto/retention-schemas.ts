/**
 * Schemas of `POST /api/retention` (docs/api.md, "Retention").
 * @module
 */

import { Type, type Static } from 'typebox';

export const RetentionBody = Type.Object(
  { olderThan: Type.String({ minLength: 1, maxLength: 20, description: 'delete ticks older than this: <n><unit>, unit m, h or d (e.g. 30d), at most 365d' }) },
  { title: 'RetentionBody', additionalProperties: false },
);
export type RetentionBody = Static<typeof RetentionBody>;

export const RetentionReport = Type.Object({
  cutoff: Type.Number({ description: 'ticks with ts before this epoch ms were deleted' }),
  deleted: Type.Number(),
  partitionsDropped: Type.Number({ description: 'PostgreSQL day partitions dropped whole' }),
  symbols: Type.Array(Type.Object({ symbol: Type.String(), deleted: Type.Number() })),
}, { title: 'RetentionReport' });
export type RetentionReport = Static<typeof RetentionReport>;
