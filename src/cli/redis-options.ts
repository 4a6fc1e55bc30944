/**
 * The command-line options of Redis (bus and hot cache), shared by `tandem ingest` and
 * `tandem serve`: `--redis-url` (env TANDEM_REDIS_URL), `--redis-prefix` (env
 * TANDEM_REDIS_PREFIX, default `tandem`), `--bus redis`.
 * @module
 */

import type { Command } from 'commander';
import { DEFAULT_REDIS_PREFIX } from '../bus/bus-keys.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisOptions {
  redisUrl?: string;
  redisPrefix: string;
  bus?: string;
}

export function withRedisOptions(cmd: Command, busHelp: string): Command {
  return cmd
    .option('--bus <kind>', busHelp)
    .option('--redis-url <url>', `Redis for the bus and the hot cache (env TANDEM_REDIS_URL; default ${DEFAULT_REDIS_URL} with --bus)`, process.env['TANDEM_REDIS_URL'])
    .option('--redis-prefix <prefix>', 'prefix of every Redis key, so deployments can share a Redis (env TANDEM_REDIS_PREFIX)', process.env['TANDEM_REDIS_PREFIX'] ?? DEFAULT_REDIS_PREFIX);
}

/** The bus asked for: null without `--bus`; rejects anything but `redis`. */
export function busKindOf(opts: RedisOptions): 'redis' | null {
  if (opts.bus === undefined) return null;
  if (opts.bus !== 'redis') throw new Error(`--bus '${opts.bus}' is not a bus: the one bus is 'redis'`);
  return 'redis';
}
