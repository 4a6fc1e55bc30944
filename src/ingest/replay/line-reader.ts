/**
 * Splits a byte stream into lines with their 1-based numbers: a leading BOM is dropped, CRLF
 * and LF both end a line, blank lines are skipped (their numbers still count). A line longer
 * than `maxLineBytes` rejects the file as soon as that many bytes are pending, so a 1 GB line
 * is never held in memory.
 * @module
 */

import { DEFAULT_MAX_LINE_BYTES, InvalidFileError } from './tick-file-format.js';

export interface NumberedLine {
  readonly text: string;
  readonly row: number;
}

const LF = 0x0a;

export async function* readLines(input: AsyncIterable<Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder('utf-8');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let row = 0;
  let first = true;
  const emit = (bytes: Buffer): NumberedLine | null => {
    row++;
    let text = decoder.decode(bytes);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.trim() === '' ? null : { text, row };
  };
  for await (const chunk of input) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (;;) {
      const nl = buf.indexOf(LF, from);
      if (nl < 0) break;
      const piece = buf.subarray(from, nl);
      if (pendingBytes + piece.byteLength > maxLineBytes) throw tooLong(row + 1, maxLineBytes);
      const line = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      const out = emit(line);
      if (out !== null) yield out;
      from = nl + 1;
    }
    if (from < buf.byteLength) {
      // Copy: the caller may reuse its chunk's memory after this iteration.
      const rest = Buffer.from(buf.subarray(from));
      pending.push(rest);
      pendingBytes += rest.byteLength;
      if (pendingBytes > maxLineBytes) throw tooLong(row + 1, maxLineBytes);
    }
  }
  if (pendingBytes > 0) {
    const out = emit(Buffer.concat(pending));
    if (out !== null) yield out;
  }
}

function tooLong(row: number, max: number): InvalidFileError {
  return new InvalidFileError(`row ${row}: line is longer than ${max} bytes; reading stopped there`);
}
