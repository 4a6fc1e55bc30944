/**
 * The real PostgreSQL for integration tests (TANDEM_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/test). Under CI=true a server that does not answer fails
 * the test file; elsewhere the file is skipped with a message. Each test file works in schemas
 * of its own (`uniqueSchema`), dropped afterwards (`dropSchemas`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env['TANDEM_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when PostgreSQL answers; under CI a silent server throws instead. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (e) {
    if (process.env['CI'] === 'true') throw new Error(`PostgreSQL at ${PG_URL} is required under CI=true: ${e instanceof Error ? e.message : String(e)}`);
    console.warn(`skipping: PostgreSQL at ${PG_URL} does not answer (${e instanceof Error ? e.message : String(e)})`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema name no other test run uses, starting `tandem_test_<name>_`. */
export function uniqueSchema(name: string): string {
  return `tandem_test_${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Drops every schema whose name starts with `prefix`, with everything in it. */
export async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", [prefix]);
    for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
