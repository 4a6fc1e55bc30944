/**
 * Opens an ioredis connection that fails fast when Redis is down: no offline queue (a command
 * sent while disconnected rejects at once instead of waiting in an unbounded queue), one retry
 * per command, a short connect timeout, and reconnection in the background forever (every
 * 0.2-2 s), so callers see errors while Redis is away and nothing once it is back.
 * @module
 */

import { Redis } from 'ioredis';
import { componentLogger } from '../../core/logger.js';
import { TandemError } from '../../core/tandem-error.js';

const log = componentLogger('redis');

export interface RedisClientOptions {
  /** Shown in `CLIENT LIST`, to tell Tandem's connections apart. */
  readonly name: string;
  /** Per-command timeout, ms (default 5,000); a blocking reader needs more than its BLOCK time. */
  readonly commandTimeoutMs?: number;
  /** Return the client even when Redis is down now; it keeps reconnecting (the hot cache degrades meanwhile). */
  readonly allowDown?: boolean;
}

/** Connects to `url` (`redis://host:port/db`); rejects with a `TandemError` naming the URL when it cannot. */
export async function openRedis(url: string, opts: RedisClientOptions): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url)) throw new TandemError('invalid_redis_url', `Redis URL '${url}' must start with redis:// or rediss://`);
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: opts.commandTimeoutMs ?? 5000,
    connectionName: opts.name,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  });
  // Errors surface through the commands that fail; the connection's own 'error' events would
  // otherwise be unhandled and crash the process while Redis is away.
  // Only the changes are logged: one warning when the connection is lost, one line when it is back.
  let down = false;
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    log.warn({ event: 'redis_down', connection: opts.name, reason: e.message }, `Redis connection ${opts.name} lost: ${e.message}`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ event: 'redis_up', connection: opts.name }, `Redis connection ${opts.name} is back`);
  });
  try {
    await redis.connect();
  } catch (e) {
    if (opts.allowDown === true) return redis;
    redis.disconnect();
    throw new TandemError('redis_unavailable', `cannot connect to Redis at ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return redis;
}

/** Closes `redis` politely, or drops it when Redis does not answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    if (redis.status === 'ready') await redis.quit();
    else redis.disconnect();
  } catch {
    redis.disconnect();
  }
}
