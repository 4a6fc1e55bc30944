/**
 * `Result<T, E>`: the value of an operation that can fail in an expected way (a malformed
 * frame, an invalid timeframe) without throwing.
 * @module
 */

export type Result<T, E = TandemErrorLike> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** The shape of an expected error: a machine-readable code and a message for a person. */
export interface TandemErrorLike {
  readonly code: string;
  readonly message: string;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });
