/**
 * The options of `@fastify/swagger` that make `/api/docs/json` a valid OpenAPI 3.1 document
 * (`npm run lint:openapi` lints it with Redocly's recommended rules):
 * - DTO schemas with a `title` (`dto/*.ts`) are listed under `components.schemas` by that name
 *   and referenced wherever they appear (`component-schemas.ts`);
 * - the access token is a security scheme in its three forms (`security/access-token-guard.ts`),
 *   required when the server has one;
 * - a route without an `operationId` gets one from its method and path, and a duplicate is an
 *   error when the document is built;
 * - an import route (`consumes`, its body a raw stream that Fastify never validates) is
 *   documented with a binary body of each content type;
 * - every operation documents its 4xx answers (a `4XX` problem when it declares none) and its
 *   5xx answers as RFC 9457 problems (`dto/problem-schemas.ts`).
 * Nothing here changes what Fastify validates or serializes: `transform` works on a copy of
 * each route's schema for the document only.
 * @module
 */

import type { SwaggerOptions } from '@fastify/swagger';
import { problemResponse } from '../dto/problem-schemas.js';
import { SESSION_COOKIE } from '../security/access-token-guard.js';
import { ComponentSchemas } from './component-schemas.js';
import { collapseLiteralUnions } from './literal-unions.js';
import { derivedOperationId } from './operation-id.js';

type Schema = Record<string, unknown>;

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

const SUCCESS_DESCRIPTION: Readonly<Record<string, string>> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

/**
 * The document's copy of a route schema with its named DTOs referenced (`ComponentSchemas`).
 * An answer that is one DTO is given its content type first, so its reference is not at the
 * root of the answer, where Swagger reads the description.
 */
function referenceNamed(schema: Schema, components: ComponentSchemas): Schema {
  const out: Schema = { ...schema };
  const produces = Array.isArray(schema['produces']) ? (schema['produces'] as string[]) : ['application/json'];
  if (isObject(schema['response'])) {
    const response: Schema = {};
    for (const [status, r] of Object.entries(schema['response'])) {
      const wrap = isObject(r) && typeof r['title'] === 'string';
      response[status] = components.reference(wrap ? { description: SUCCESS_DESCRIPTION[status] ?? 'Answer', content: Object.fromEntries(produces.map((t) => [t, { schema: r }])) } : r);
    }
    out['response'] = response;
  }
  if (schema['body'] !== undefined) out['body'] = components.reference(schema['body']);
  // Parameters stay inline (Swagger makes one per property); their values may be named.
  for (const part of ['querystring', 'params', 'headers']) {
    const p = schema[part];
    if (isObject(p) && isObject(p['properties'])) out[part] = { ...p, properties: components.reference(p['properties']) };
  }
  return out;
}

/** The problem answers every operation can give, beside those it declares. */
function withProblemAnswers(response: Schema | undefined, tokenRequired: boolean): Schema {
  const out: Schema = { ...(response ?? { 200: { description: 'OK' } }) };
  const statuses = Object.keys(out);
  if (tokenRequired && out['401'] === undefined) out['401'] = problemResponse('no valid token (`unauthorized`): the server has TANDEM_TOKEN');
  if (!statuses.some((s) => s.startsWith('4'))) out['4xx'] = problemResponse('refused: `code` says why (`invalid_request` for a bad parameter)');
  if (!statuses.some((s) => s.startsWith('5'))) out['5xx'] = problemResponse('internal error (`internal`), or the store does not answer (`store_unavailable`)');
  return out;
}

/** Throws on two operations with one operationId: clients generated from the document would clash. */
function assertUniqueOperationIds(doc: Schema): void {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(isObject(doc['paths']) ? doc['paths'] : {})) {
    for (const [method, op] of Object.entries(isObject(item) ? item : {})) {
      const id = isObject(op) ? op['operationId'] : undefined;
      if (typeof id !== 'string') continue;
      const where = `${method.toUpperCase()} ${path}`;
      const before = seen.get(id);
      if (before !== undefined) throw new Error(`operationId '${id}' of ${where} is already that of ${before}`);
      seen.set(id, where);
    }
  }
}

export interface OpenApiOptions {
  readonly version: string;
  /** True when the server has an access token: then every operation requires it. */
  readonly tokenRequired: boolean;
}

export function openApiOptions(opts: OpenApiOptions): SwaggerOptions {
  const components = new ComponentSchemas();
  const schemes = ['bearerToken', 'tokenQuery', 'sessionCookie'] as const;
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        description:
          'Real-time analytics desk for pairs trading. Times in answers are epoch milliseconds; `from`/`to` take epoch ms or ISO-8601. Errors are RFC 9457 problems (application/problem+json) with a stable `code`: docs/api.md, "Errors".',
        version: opts.version,
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'this server' }],
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'TANDEM_TOKEN as `Authorization: Bearer <token>` (scripts, the CLI)' },
          tokenQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'TANDEM_TOKEN as `?token=<token>` (a link; on a page it is traded for the session cookie)' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'the session cookie set by opening /?token=<token> (the dashboard)' },
        },
      },
      // Any one of the three; without TANDEM_TOKEN the server answers loopback names only, and
      // no token at all (`{}`) is accepted.
      security: [...schemes.map((s) => ({ [s]: [] })), ...(opts.tokenRequired ? [] : [{}])],
      tags: [
        { name: 'system', description: 'health, status and metrics' },
        { name: 'ingestion', description: 'starting and stopping a market data source' },
        { name: 'market data', description: 'stored symbols, ticks and bars' },
        { name: 'import', description: 'tick and OHLC files, uploaded as the raw body' },
        { name: 'export', description: 'CSV downloads' },
        { name: 'pairs', description: 'pair analytics: hedge ratio, spread, z-score, tests' },
        { name: 'overview', description: 'the market overview and correlations' },
        { name: 'alerts', description: 'alert rules and their events' },
        { name: 'backtest', description: 'backtests and parameter sweeps' },
        { name: 'retention', description: 'deleting old ticks' },
      ],
    },
    transform: ({ schema, url, route }) => {
      const s: Schema = { ...(schema as Schema | undefined) };
      if (typeof s['operationId'] !== 'string') s['operationId'] = derivedOperationId(Array.isArray(route.method) ? String(route.method[0]) : route.method, url);
      if (Array.isArray(s['consumes']) && s['body'] === undefined) s['body'] = { type: 'string', format: 'binary', description: 'the file, as the raw request body' };
      s['response'] = withProblemAnswers(isObject(s['response']) ? s['response'] : undefined, opts.tokenRequired);
      return { schema: referenceNamed(s, components), url };
    },
    transformObject: (document) => {
      // This server writes OpenAPI 3.1 only, never Swagger 2.
      if (!('openapiObject' in document)) throw new Error('expected an OpenAPI document, not Swagger 2');
      const doc = document.openapiObject;
      components.addTo(doc as Schema);
      collapseLiteralUnions(doc);
      assertUniqueOperationIds(doc as Schema);
      return doc;
    },
  };
}
