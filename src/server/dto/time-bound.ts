/**
 * The schema of a `from`/`to` time bound in a query or a body: epoch ms or an ISO-8601 date
 * or date-time. Validation only sorts out the type; `time-params.ts` reads the value with the
 * one strict parser (`model/iso-time.ts`), which refuses dates that do not exist with a 400
 * naming the field. No `format: date-time` on the string: that format demands a zone and a
 * time, and a bare date (`2024-02-01`) is welcome here.
 * @module
 */

import { Type } from 'typebox';

export const TimeBound = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0, description: 'epoch milliseconds' }), Type.String({ minLength: 1, maxLength: 40, description: 'ISO-8601 date-time (2024-02-01T09:30:00Z; no zone = UTC) or date (2024-02-01, midnight UTC)' })], {
    description: `${description}: epoch ms or ISO-8601`,
  });
