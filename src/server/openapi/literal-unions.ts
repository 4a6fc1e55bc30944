/**
 * TypeBox writes an enum as a union of literals (`anyOf: [{const: 'ols'}, {const: 'huber'}]`),
 * which Swagger turns, in inline schemas, into one single-value `enum` per branch. For readers and client
 * generators the document says it as one `enum` of one type instead.
 * @module
 */

type Json = unknown;

/** The value of a one-value schema of a type (`{type, const}` or `{type, enum: [v]}`), else undefined. */
function literalOf(s: Json): { readonly type: string; readonly value: unknown } | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return undefined;
  const o = s as Record<string, unknown>;
  const type = o['type'];
  if (typeof type !== 'string' || !Object.keys(o).every((k) => k === 'type' || k === 'enum' || k === 'const')) return undefined;
  if ('const' in o && !('enum' in o)) return { type, value: o['const'] };
  const e = o['enum'];
  return Array.isArray(e) && e.length === 1 && !('const' in o) ? { type, value: e[0] } : undefined;
}

/** Rewrites, in place, every `anyOf` of single-value enums of one type in `node` into one `enum`. */
export function collapseLiteralUnions(node: Json): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) collapseLiteralUnions(item);
    return;
  }
  const o = node as Record<string, unknown>;
  for (const value of Object.values(o)) collapseLiteralUnions(value);
  const members = o['anyOf'];
  if (!Array.isArray(members) || members.length < 2) return;
  const literals = members.map(literalOf);
  if (!literals.every((l) => l !== undefined)) return;
  const types = new Set(literals.map((l) => l.type));
  if (types.size !== 1 || 'type' in o || 'enum' in o) return;
  delete o['anyOf'];
  o['type'] = literals[0]!.type;
  o['enum'] = literals.map((l) => l.value);
}
