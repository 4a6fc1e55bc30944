/**
 * The PostgreSQL connection pool every Tandem PostgreSQL adapter shares: the schema on the
 * search path (so one database can hold several isolated Tandem schemas, as the tests do),
 * and `bigint` read back as a JS number (timestamps in ms and trade ids are safe integers; a
 * value beyond 2^53 would be a broken invariant and throws rather than rounding silently).
 * @module
 */

import pg from 'pg';
import { componentLogger } from '../../core/logger.js';

const log = componentLogger('store');

const INT8_OID = 20;

const int8 = (text: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`PostgreSQL bigint ${text} is beyond JavaScript's safe integers`);
  return n;
};

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? int8 : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** A schema name Tandem accepts: a lower-case SQL identifier, so it never needs quoting. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPool(url: string, schema: string, max = 8): pg.Pool {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`PostgreSQL schema '${schema}' is not a lower-case SQL identifier`);
  const pool = new pg.Pool({ connectionString: url, max, types, options: `-c search_path=${schema}`, connectionTimeoutMillis: 10_000 });
  // A client that loses its connection must not take the process down: an idle one is
  // dropped by the pool (its 'error'), a checked-out one fails its query, and either way the
  // next query gets a new connection (or the error). Without a listener on each client, a
  // connection cut between queries of a checked-out client would be an uncaught exception.
  pool.on('error', (e) => log.warn({ err: e }, `PostgreSQL idle client error: ${e.message}`));
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** `host:port/database` of a URL, without user or password, for status and messages. */
export function pgLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port === '' ? '5432' : u.port}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}
