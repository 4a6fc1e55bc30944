/**
 * Parsing of Redis stream replies (RESP2 arrays as ioredis returns them) and stream id order.
 * @module
 */

/** One entry: its id and its flat field list (null when the entry was deleted while pending). */
export interface StreamEntry {
  readonly id: string;
  readonly fields: readonly string[] | null;
}

/** `XREAD`/`XREADGROUP` reply → entries by stream key (empty when the call timed out). */
export function parseStreamsReply(reply: unknown): Map<string, StreamEntry[]> {
  const out = new Map<string, StreamEntry[]>();
  if (reply === null || reply === undefined) return out;
  const a = reply as unknown[];
  // ioredis's generic `call` returns the per-stream map flat (`[key, entries, key, entries]`),
  // its typed `xread` as pairs; both are read.
  if (typeof a[0] === 'string') {
    for (let i = 0; i + 1 < a.length; i += 2) out.set(a[i] as string, parseEntries(a[i + 1]));
  } else {
    for (const [key, entries] of a as [string, unknown][]) out.set(key, parseEntries(entries));
  }
  return out;
}

export function parseEntries(entries: unknown): StreamEntry[] {
  return (entries as [string, string[] | null][]).map(([id, fields]) => ({ id, fields }));
}

/** `XAUTOCLAIM` reply (Redis ≥ 7): the next cursor, the claimed entries and ids deleted meanwhile. */
export function parseAutoClaim(reply: unknown): { readonly cursor: string; readonly entries: StreamEntry[]; readonly deleted: string[] } {
  const [cursor, entries, deleted] = reply as [string, unknown, string[] | undefined];
  return { cursor, entries: parseEntries(entries).filter((e) => e.fields !== null), deleted: deleted ?? [] };
}

/** A flat `[k1, v1, k2, v2]` reply (XINFO) as a record. */
export function flatRecord(reply: unknown): Record<string, unknown> {
  const a = reply as unknown[];
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < a.length; i += 2) out[String(a[i])] = a[i + 1];
  return out;
}

/** Orders two stream ids (`ms-seq`): negative, zero or positive. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const dm = BigInt(am!) - BigInt(bm!);
  if (dm !== 0n) return dm < 0n ? -1 : 1;
  const ds = BigInt(as) - BigInt(bs);
  return ds === 0n ? 0 : ds < 0n ? -1 : 1;
}
