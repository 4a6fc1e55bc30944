/**
 * File uploads to `POST /api/import/ticks` and `POST /api/import/ohlc`, through
 * `XMLHttpRequest` rather than `fetch` because only XHR reports upload progress
 * (`upload.onprogress`). The file is the raw request body; the server streams it and answers
 * once it is stored, with `{inserted, duplicates, bars, rows}`, or 400 with every bad row.
 * @module
 */

import type { ImportErrorBody, ImportResult } from '../../../src/server/dto/api-schemas';
import { accessToken } from './access-token';
import { ApiError } from './api-error';

/** One bad row of a rejected file: its line number in the file and why. */
export interface BadRow {
  readonly row: number;
  readonly reason: string;
}

/** A rejected import: `ApiError` plus the bad rows the server listed and how many more there were. */
export class ImportError extends ApiError {
  override name = 'ImportError';

  constructor(
    status: number,
    code: string,
    message: string,
    readonly rows: readonly BadRow[],
    readonly moreRows: number,
  ) {
    super(status, code, message);
  }
}

/** Bytes sent so far and the total, when the browser knows it. */
export interface UploadProgress {
  readonly loaded: number;
  readonly total: number | null;
}

/**
 * The content type to send a file with, from its name: the server takes `text/csv`,
 * `application/x-ndjson`, `application/zip` and `application/octet-stream`, and detects the
 * format from the content anyway.
 */
export function importContentType(fileName: string): string {
  const name = fileName.toLowerCase();
  if (name.endsWith('.zip')) return 'application/zip';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (name.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

function isImportErrorBody(body: unknown): body is ImportErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** The error of a failed upload's response, from its status and body text. */
export function uploadError(status: number, text: string): ImportError {
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: the status says enough.
  }
  if (isImportErrorBody(body)) {
    const e = body.error;
    return new ImportError(status, e.code, e.message, e.rows ?? [], e.moreRows ?? 0);
  }
  if (status === 413) return new ImportError(413, 'payload_too_large', 'the file is larger than the server accepts', [], 0);
  return new ImportError(status, `http_${status}`, `HTTP ${status}${text === '' ? '' : `: ${text.slice(0, 200)}`}`, [], 0);
}

export type Uploader = (url: string, file: Blob, contentType: string, onProgress: (p: UploadProgress) => void) => Promise<ImportResult>;

/** Sends `file` as the raw body of a POST to `url`, reporting upload progress; resolves to the server's result. */
export const uploadFile: Uploader = (url, file, contentType, onProgress) =>
  new Promise<ImportResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    const token = accessToken();
    if (token !== null) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e: ProgressEvent) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : null });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportResult);
        } catch {
          reject(new ApiError(xhr.status, 'bad_response', `${url}: the server's answer is not JSON`));
        }
      } else reject(uploadError(xhr.status, xhr.responseText));
    };
    // The server closes the connection after a 413 that it sent before reading the whole body;
    // the browser may then see a network error instead of the answer.
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'the upload failed: the server closed the connection or cannot be reached (a file over the size limit does this)'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'the upload was cancelled'));
    xhr.send(file);
  });

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** `/api/import/ticks?symbol=` (the symbol only when given: a Binance dump needs it, other formats carry their own). */
export const importTicksUrl = (symbol?: string): string => `/api/import/ticks${query({ symbol })}`;

/** `/api/import/ohlc?symbol=&tf=`. */
export const importOhlcUrl = (symbol: string, tf: string): string => `/api/import/ohlc${query({ symbol, tf })}`;
