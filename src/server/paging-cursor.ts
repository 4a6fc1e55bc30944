/**
 * Opaque paging cursors for list endpoints: base64url of a small JSON position. A client
 * passes `next` back unchanged; the server resumes strictly after that position, so pages
 * never skip or repeat a row even when many rows share a millisecond.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';

export function encodeCursor(position: Record<string, number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor that must hold exactly the numeric `fields`. */
export function decodeCursor<K extends string>(cursor: string, fields: readonly K[]): Record<K, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const obj = parsed as Record<string, unknown> | null;
  if (obj === null || typeof obj !== 'object' || !fields.every((f) => typeof obj[f] === 'number' && Number.isFinite(obj[f]))) {
    throw new TandemError('invalid_cursor', `cursor '${cursor.slice(0, 40)}' is not one this server issued; pass the 'next' value of the previous page unchanged`);
  }
  return obj as Record<K, number>;
}
