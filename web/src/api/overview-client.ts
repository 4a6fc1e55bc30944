/**
 * Typed calls to the Overview and correlation routes (docs/api.md, "Overview and
 * correlation"): `GET /api/overview`, `/api/correlation`, `/api/correlation/lagged`.
 *
 * They follow `http-client.ts`: same origin, the page's access token as a bearer header, and
 * an `ApiError` carrying the server's `{error: {code, message}}` on failure. That module keeps
 * its `request` private, so the few lines of a JSON GET are repeated here rather than edited
 * into a file another tab's work also touches.
 * @module
 */

import type { CorrelationResponse, LaggedCorrelationResponse, OverviewResponse } from '../../../src/server/dto/overview-schemas';
import { accessToken } from './access-token';
import { ApiError, errorMessage } from './api-error';

/** A query string from defined parameters, in the order given. */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = accessToken();
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { headers, ...(signal === undefined ? {} : { signal }) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', `cannot reach the Tandem server (${errorMessage(e)})`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): the status line says enough.
  }
  if (!res.ok) {
    const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { code?: unknown; message?: unknown } }).error : null;
    if (error !== null && typeof error.message === 'string') throw new ApiError(res.status, String(error.code ?? `http_${res.status}`), error.message);
    throw new ApiError(res.status, `http_${res.status}`, `${path.split('?')[0]}: HTTP ${res.status} ${res.statusText}`);
  }
  return body as T;
}

export interface OverviewParams {
  readonly tf: string;
  readonly window: number;
  /** Omitted: every symbol the server knows. */
  readonly symbols?: readonly string[];
  /** The window ends here (epoch ms, exclusive) instead of now. */
  readonly to?: number;
}

export interface CorrelationParams {
  readonly symbols: readonly string[];
  readonly tf: string;
  readonly window: number;
  /** The window ends here (epoch ms, exclusive) instead of now. */
  readonly to?: number;
}

export interface LaggedParams {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly window: number;
  readonly maxLag: number;
  /** The window ends here (epoch ms, exclusive) instead of now. */
  readonly to?: number;
}

export const overviewApi = {
  overview: (p: OverviewParams, signal?: AbortSignal): Promise<OverviewResponse> =>
    getJson(`/api/overview?${queryString({ tf: p.tf, window: p.window, symbols: p.symbols === undefined || p.symbols.length === 0 ? undefined : p.symbols.join(','), to: p.to })}`, signal),
  correlation: (p: CorrelationParams, signal?: AbortSignal): Promise<CorrelationResponse> =>
    getJson(`/api/correlation?${queryString({ symbols: p.symbols.join(','), tf: p.tf, window: p.window, basis: 'log_returns', to: p.to })}`, signal),
  lagged: (p: LaggedParams, signal?: AbortSignal): Promise<LaggedCorrelationResponse> =>
    getJson(`/api/correlation/lagged?${queryString({ y: p.y, x: p.x, tf: p.tf, window: p.window, maxLag: p.maxLag, to: p.to })}`, signal),
};

export type OverviewApi = typeof overviewApi;
