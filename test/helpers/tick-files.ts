/** Shared by the tick import tests: the stored timeframes, and a text as a chunked byte stream. */
import { parseTimeframe, type TimeframeSpec } from '../../src/model/timeframe.js';

export const STORED_TFS: TimeframeSpec[] = ['1s', '1m', '5m'].map((t) => {
  const r = parseTimeframe(t);
  if (!r.ok) throw new Error(t);
  return r.value;
});

/** `text` as UTF-8, in chunks of `chunk` bytes, as a file or a request body arrives. */
export async function* bytesOf(text: string, chunk = 1 << 16): AsyncGenerator<Uint8Array> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
}
