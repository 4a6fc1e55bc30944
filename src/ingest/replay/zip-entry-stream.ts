/**
 * Streams the one data file out of a ZIP archive with fflate's streaming `Unzip`, so a large
 * zip never sits whole in memory: compressed chunks go in, inflated chunks come out as they
 * are produced. Binance's dumps hold exactly one csv; a second data file is an error, and
 * folders and macOS metadata (`__MACOSX/`) are skipped.
 * @module
 */

import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { InvalidFileError } from './tick-file-format.js';

/** The inflated bytes of the archive's single data file; `onName` learns its name first. */
export async function* unzipSingleFile(input: AsyncIterable<Uint8Array>, onName?: (name: string) => void): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let entry: string | null = null;
  let finished = false;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/') || file.name.startsWith('__MACOSX/')) return;
    if (entry !== null) {
      failure ??= new InvalidFileError(`the zip holds more than one file (${entry}, ${file.name}); expected one csv`);
      return;
    }
    entry = file.name;
    onName?.(file.name);
    file.ondata = (e, chunk, final) => {
      if (e !== null) failure ??= new InvalidFileError(`the zip entry ${file.name} cannot be inflated: ${e.message}`);
      else if (chunk.byteLength > 0) out.push(chunk);
      if (final) finished = true;
    };
    try {
      file.start();
    } catch (e) {
      failure ??= new InvalidFileError(`the zip entry ${file.name} uses an unsupported compression (${file.compression}): ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  unzip.register(UnzipInflate);
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      unzip.push(chunk, final);
    } catch (e) {
      failure ??= new InvalidFileError(`not a readable zip: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for await (const chunk of input) {
    push(chunk, false);
    if (failure !== null) throw failure;
    while (out.length > 0) yield out.shift()!;
  }
  push(new Uint8Array(0), true);
  if (failure !== null) throw failure;
  while (out.length > 0) yield out.shift()!;
  if (entry === null) throw new InvalidFileError('the zip holds no file');
  if (!finished) throw new InvalidFileError(`the zip ends before the end of ${String(entry)}`);
}
