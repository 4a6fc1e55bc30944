/**
 * `TandemError`: the one exception type for expected failures (bad input, missing data).
 * It carries a stable `code`; the HTTP layer and the CLI turn it into their own error shape
 * in one place each.
 * @module
 */

import type { TandemErrorLike } from './result.js';

export class TandemError extends Error implements TandemErrorLike {
  override name = 'TandemError';

  /**
   * @param code stable, snake_case, for programs (`invalid_input`, `insufficient_data`)
   * @param message for a person: what was wrong and where
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** True when `e` is a `TandemError`. */
export function isTandemError(e: unknown): e is TandemErrorLike {
  return e instanceof TandemError;
}
