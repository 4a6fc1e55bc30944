/**
 * The access token of a server bound beyond loopback (`TANDEM_TOKEN`). Opening the dashboard
 * at `/?token=...` makes the server set an HttpOnly, SameSite=Strict session cookie and
 * redirect to the same address without the token; from then on the browser's cookie
 * authorises every request and the WebSocket, and this page never sees the token. When a
 * token is still in the address (a server that does not redirect), it is sent as well,
 * `Authorization: Bearer` on requests and `?token=` on the WebSocket.
 * @module
 */

/** The page's `token` query parameter, or null. */
export function accessToken(search: string = typeof window === 'undefined' ? '' : window.location.search): string | null {
  const token = new URLSearchParams(search).get('token');
  return token === null || token === '' ? null : token;
}
