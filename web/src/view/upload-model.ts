/**
 * The view model of an upload: progress, the server's counts, or a rejected file's bad rows.
 * @module
 */

import type { BadRow } from '../api/upload-client';
import type { UploadKind, UploadState } from '../state/dashboard-store';
import { formatCount } from './format';

/** Bad rows shown; the rest are counted ("and 1,234 more"). */
export const SHOWN_BAD_ROWS = 50;

export interface UploadModel {
  readonly fileName: string | null;
  readonly busy: boolean;
  /** Whether the Upload button is enabled. */
  readonly canUpload: boolean;
  /** 0..100 while uploading, or null when the browser does not know the size. */
  readonly percent: number | null;
  /** `"uploading 42% · 1.2 MB of 2.9 MB"`, `"storing…"`, `""`. */
  readonly progress: string;
  /** `"1,000 inserted · 0 duplicates · 61 bars"`, once stored (or that the same bytes were imported before). */
  readonly result: string | null;
  readonly error: string | null;
  readonly badRows: readonly BadRow[];
  /** `"and 1,234 more"` past the shown rows, else null. */
  readonly more: string | null;
}

/** `812 B`, `12.3 KB`, `4.56 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} KB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(2)} MB`;
  return `${(n / 1_000_000_000).toFixed(2)} GB`;
}

export function uploadModel(kind: UploadKind, u: UploadState): UploadModel {
  const busy = u.phase === 'uploading' || u.phase === 'storing';
  const total = u.total ?? u.file?.size ?? null;
  const percent = u.phase === 'storing' || u.phase === 'done' ? 100 : total !== null && total > 0 && busy ? Math.min(100, Math.round((u.loaded / total) * 100)) : null;
  let progress = '';
  if (u.phase === 'uploading') progress = `uploading ${percent ?? 0}% · ${formatBytes(u.loaded)}${total === null ? '' : ` of ${formatBytes(total)}`}`;
  else if (u.phase === 'storing') progress = 'sent; the server checks and stores the file…';
  let result: string | null = null;
  if (u.phase === 'done' && u.result !== null) {
    const r = u.result;
    result =
      kind === 'ohlc'
        ? `${formatCount(r.bars)} bars stored from ${formatCount(r.rows)} rows`
        : r.skipped === true
          ? 'already imported: these bytes were stored before, nothing changed'
          : `${formatCount(r.inserted)} inserted · ${formatCount(r.duplicates)} duplicates · ${formatCount(r.bars)} bars`;
  }
  const hidden = Math.max(0, u.badRows.length - SHOWN_BAD_ROWS) + u.moreRows;
  return {
    fileName: u.file?.name ?? null,
    busy,
    canUpload: u.file !== null && !busy,
    percent,
    progress,
    result,
    error: u.phase === 'error' ? u.error : null,
    badRows: u.badRows.slice(0, SHOWN_BAD_ROWS),
    more: hidden > 0 ? `and ${formatCount(hidden)} more` : null,
  };
}
