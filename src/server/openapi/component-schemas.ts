/**
 * Named schemas of the OpenAPI document. A DTO with a `title` (`Type.Object({...}, { title:
 * 'Bar' })`) is listed once under `components.schemas` by that name and referenced wherever it
 * appears: as a whole body or answer, a query parameter, or nested in another DTO.
 *
 * Why `title` and not `$id`, which Swagger's resolver would hoist: Fastify compiles the same
 * schemas to validate and serialize, and its compilers refuse an `$id` met twice in one schema
 * (`FeedQuality` is in a symbol's status and in a bus worker's), while a title is an annotation
 * they ignore. The resolver would also miss a body or an answer that is one DTO whole, and any
 * schema under an answer's `content`. So the document's copy of each route schema goes through
 * `reference` first, and `addTo` lists what was found. TypeBox writes JSON Schema 2020-12,
 * which is what OpenAPI 3.1 takes, so the schemas go in as they are.
 * @module
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const COMPONENT_PREFIX = '#/components/schemas/';

export class ComponentSchemas {
  private readonly byName = new Map<string, { readonly schema: Json; readonly json: string }>();

  /**
   * A copy of `schema` in which every subschema with a `title` is a `$ref` to its component.
   * @throws when two different schemas carry one title: the document would show one for both.
   */
  reference(schema: Json): Json {
    if (Array.isArray(schema)) return schema.map((s) => this.reference(s));
    if (!isObject(schema)) return schema;
    const copy: Record<string, Json> = {};
    for (const [k, v] of Object.entries(schema)) copy[k] = this.reference(v);
    // A string title names a schema; in a `properties` map, `title` is a field's schema, an object.
    const name = schema['title'];
    if (typeof name !== 'string') return copy;
    const json = JSON.stringify(copy);
    const known = this.byName.get(name);
    if (known !== undefined && known.json !== json) throw new Error(`two different schemas have the title '${name}'`);
    this.byName.set(name, { schema: copy, json });
    return { $ref: `${COMPONENT_PREFIX}${name}` };
  }

  /** The names found so far. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Lists every schema found under `components.schemas` of `doc`, sorted by name. */
  addTo(doc: Record<string, Json>): void {
    const components = isObject(doc['components']) ? doc['components'] : {};
    const schemas = isObject(components['schemas']) ? components['schemas'] : {};
    for (const name of this.names().sort()) schemas[name] = this.byName.get(name)!.schema;
    components['schemas'] = schemas;
    doc['components'] = components;
  }
}
