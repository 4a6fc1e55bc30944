/**
 * Helpers over streams of bytes (`AsyncIterable<Uint8Array>`): count what passes, cap the
 * total, and look at the first bytes without losing them.
 * @module
 */

/** Calls `onBytes` with the size of every chunk that passes through. */
export async function* countBytes(input: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}

/** A stream larger than allowed. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';

  constructor(readonly limit: number) {
    super(`the file is larger than the limit of ${limit} bytes`);
  }
}

/** Passes `input` through, throwing `TooLargeError` as soon as more than `limit` bytes arrived. */
export async function* limitBytes(input: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of input) {
    total += chunk.byteLength;
    if (total > limit) throw new TooLargeError(limit);
    yield chunk;
  }
}

/**
 * Reads up to `n` bytes from the front of `input` and returns them with a stream that yields
 * everything, those bytes included. The iterator is pulled only as far as needed.
 */
export async function peekBytes(input: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const it = input[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < n) {
    const r = await it.next();
    if (r.done === true) {
      done = true;
      break;
    }
    taken.push(r.value);
    size += r.value.byteLength;
  }
  const head = Buffer.concat(taken).subarray(0, n);
  async function* stream(): AsyncGenerator<Uint8Array> {
    try {
      yield* taken;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done === true) return;
        yield r.value;
      }
    } finally {
      if (!done) await it.return?.();
    }
  }
  return { head, stream: stream() };
}
