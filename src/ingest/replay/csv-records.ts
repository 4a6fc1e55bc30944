/**
 * Streams CSV records with their line numbers through csv-parse. The files Tandem reads hold
 * numbers, ids and symbols only, so quoting is off: a stray `"` stays in its field and that
 * field's parser names the row, instead of one quote swallowing the rest of the file. A BOM,
 * CRLF line ends and blank lines are accepted; a line longer than `maxLineBytes` rejects the
 * file where it starts, without buffering more of it.
 * @module
 */

import { Readable } from 'node:stream';
import { parse, type CsvError, type Info } from 'csv-parse';
import { DEFAULT_MAX_LINE_BYTES, InvalidFileError } from './tick-file-format.js';

export interface CsvRecord {
  /** Trimmed fields. */
  readonly fields: string[];
  /** 1-based line number in the file. */
  readonly row: number;
}

export async function* readCsvRecords(input: AsyncIterable<Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<CsvRecord> {
  const source = Readable.from(input, { objectMode: false });
  const parser = parse({ bom: true, quote: false, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: maxLineBytes });
  // `pipe` does not forward errors: an error of the input (a body over the size limit, a client
  // gone) must reach the reader below, or end quietly once it has stopped, never become an
  // uncaught exception that ends the process.
  source.once('error', (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      const { record, info } = item;
      if (record.every((f) => f === '')) continue;
      yield { fields: record, row: info.lines };
    }
  } catch (e) {
    if (e instanceof InvalidFileError) throw e;
    const ce = e as Partial<CsvError> & Error;
    if (ce.code === 'CSV_MAX_RECORD_SIZE') throw new InvalidFileError(`row ${String(ce.lines)}: line is longer than ${maxLineBytes} bytes; reading stopped there`);
    if (typeof ce.code === 'string' && ce.code.startsWith('CSV_')) throw new InvalidFileError(`not a readable CSV: ${ce.message}`);
    throw e;
  } finally {
    parser.destroy();
  }
}
