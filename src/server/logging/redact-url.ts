/**
 * The URL of a request as it may be logged: the value of every `token` query parameter (the
 * access token of `security/access-token-guard.ts`, sent as `?token=` by links and scripts)
 * replaced by `[REDACTED]`, the rest untouched.
 * @module
 */

export const REDACTED = '[REDACTED]';

/** The name of a query parameter as the query parser reads it (`%74oken` is `token`). */
function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * `url` with the value of each `token` query parameter masked.
 *
 * @example
 *   redactUrl('/api/status?token=s3cret&x=1'); // '/api/status?token=[REDACTED]&x=1'
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const params = url
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return decodedName(name).toLowerCase() === 'token' ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q + 1)}${params.join('&')}${url.slice(end)}`;
}

/**
 * A service URL (`redis://user:secret@host:6379/0`) with its password masked, for log lines;
 * a string that is no URL is returned as it is.
 *
 * @example
 *   withoutPassword('redis://:s3cret@cache:6379'); // 'redis://:REDACTED@cache:6379'
 */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    // Brackets would be percent-encoded in the user info, so the mask is the bare word.
    u.password = 'REDACTED';
    return u.toString();
  } catch {
    return url;
  }
}
