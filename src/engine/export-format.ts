/**
 * The formats an export is written in: `csv` (text, `engine/csv-export.ts`), `parquet` and
 * `arrow` (the Arrow IPC stream format), both typed and written batch by batch
 * (`engine/columnar/`). One place names each format's media type and file extension, for the
 * routes, their schemas and the CLI.
 * @module
 */

import { err, ok, type Result } from '../core/result.js';

export type ExportFormat = 'csv' | 'parquet' | 'arrow';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'arrow'];

/** The media type each format is answered with (Parquet's and Arrow's as registered with IANA). */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.stream',
};

export function parseExportFormat(input: string): Result<ExportFormat> {
  const f = EXPORT_FORMATS.find((x) => x === input);
  return f === undefined ? err({ code: 'invalid_request', message: `format '${input}' is not one of ${EXPORT_FORMATS.join(', ')}` }) : ok(f);
}
