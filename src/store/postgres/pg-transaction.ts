/**
 * Transactions on PostgreSQL: `fn` runs between BEGIN and COMMIT, and any error rolls back and
 * is rethrown as it was (a failed ROLLBACK, e.g. on a cut connection, does not hide it).
 * @module
 */

import type pg from 'pg';

/** Runs `fn` in one transaction on `client`. */
export async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Runs `fn` in one transaction on a connection taken from `pool` and released afterwards. */
export async function inPooledTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, () => fn(client));
  } finally {
    client.release();
  }
}
