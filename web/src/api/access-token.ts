/**
 * The access token of a server bound beyond loopback (`TANDEM_TOKEN`). The dashboard takes it
 * from its own address (`/?token=...`) and sends it with every API request and the WebSocket,
 * the two ways the server accepts it (`Authorization: Bearer` and `?token=`).
 * @module
 */

/** The page's `token` query parameter, or null. */
export function accessToken(search: string = typeof window === 'undefined' ? '' : window.location.search): string | null {
  const token = new URLSearchParams(search).get('token');
  return token === null || token === '' ? null : token;
}
