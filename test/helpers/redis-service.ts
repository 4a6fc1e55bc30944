/**
 * The real Redis for integration tests (TANDEM_TEST_REDIS_URL, default 127.0.0.1:6379). Under
 * CI=true a Redis that does not answer fails the test file; elsewhere the file is skipped with
 * a message. Each test run gets its own key prefix, removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env['TANDEM_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** True when Redis answers PING; under CI a silent Redis throws instead. */
export async function redisAvailable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch (e) {
    if (process.env['CI'] === 'true') throw new Error(`Redis at ${REDIS_URL} is required under CI=true: ${e instanceof Error ? e.message : String(e)}`);
    console.warn(`skipping: Redis at ${REDIS_URL} does not answer (${e instanceof Error ? e.message : String(e)})`);
    return false;
  } finally {
    r.disconnect();
  }
}

/** A key prefix no other test run uses. */
export function uniquePrefix(name: string): string {
  return `tandem-test-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
