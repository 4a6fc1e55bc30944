/**
 * Typed calls to the REST API (`/api/...`, same origin). Every call resolves to the response
 * body typed by the server's DTOs, or rejects with an `ApiError` that carries the server's
 * error code and message.
 * @module
 */

import type { BarsPage, BarsQuery, CoverageResponse, Health, IngestionStartBody, Status, SymbolList } from '../../../src/server/dto/api-schemas';
import { accessToken } from './access-token';
import { ApiError, errorMessage } from './api-error';

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

export async function request<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const token = accessToken();
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', `cannot reach the Tandem server (${errorMessage(e)})`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say); the status line and the text say enough.
  }
  if (!res.ok) {
    if (isErrorBody(body)) throw new ApiError(res.status, body.error.code, body.error.message);
    throw new ApiError(res.status, `http_${res.status}`, `${path}: HTTP ${res.status} ${text.slice(0, 200) || res.statusText}`);
  }
  return body as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

export const api = {
  health: (): Promise<Health> => request('/api/health'),
  status: (): Promise<Status> => request('/api/status'),
  symbols: (): Promise<SymbolList> => request('/api/symbols'),
  coverage: (tf: string, signal?: AbortSignal): Promise<CoverageResponse> => request(`/api/coverage?tf=${encodeURIComponent(tf)}`, { signal }),
  bars: (q: BarsQuery, signal?: AbortSignal): Promise<BarsPage> => request(`/api/bars?${query({ ...q })}`, { signal }),
  startIngestion: (body: IngestionStartBody): Promise<unknown> => request('/api/ingestion/start', { method: 'POST', json: body }),
  stopIngestion: (): Promise<unknown> => request('/api/ingestion/stop', { method: 'POST', json: {} }),
};
