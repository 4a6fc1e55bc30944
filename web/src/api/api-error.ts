/**
 * `ApiError`: a failed request to the Tandem API, carrying the server's `{error: {code, message}}`
 * when it sent one, so the UI can show the server's own words.
 * @module
 */

export class ApiError extends Error {
  override name = 'ApiError';

  /**
   * @param status HTTP status, or 0 when the server could not be reached
   * @param code the server's error code (`invalid_input`), or `http_<status>` / `network_error`
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The message to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
