/**
 * `removeDeadConsumers`: forgets the members of a consumer group that are gone. A server that
 * dies leaves its member in the group for good (Redis never removes one by itself), so the
 * member list in status, `XINFO CONSUMERS` and the group's bookkeeping grow with every restart.
 *
 * A member is dead when all three hold:
 * - it has been idle (`XINFO CONSUMERS` idle) longer than the claim time;
 * - its own heartbeat (`{prefix}:members`, written by each member on every claim pass, i.e.
 *   every half claim time, at least every 250 ms) is older than twice the claim time, which a
 *   live member's never is. Redis 7.0 does not count a blocking
 *   read that found nothing as activity, so a live member of a quiet stream looks idle; the
 *   heartbeat tells it apart;
 * - it has nothing pending: the other members took its entries over (`XAUTOCLAIM`) first, so
 *   deleting it (`XGROUP DELCONSUMER`) loses no entry. Were it only stalled, its next read
 *   makes it anew.
 *
 * The heartbeat, the checks and the delete run in one Lua script on Redis's clock, so no
 * member's clock matters and a member cannot be handed an entry between the check that found
 * it empty and its deletion (which would drop that entry from the group's pending list).
 * @module
 */

import type { Redis } from 'ioredis';

const SWEEP_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], now)
local removed = {}
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local f = {}
  for i = 1, #c, 2 do f[c[i]] = c[i + 1] end
  local name = f['name']
  if name ~= ARGV[2] and tonumber(f['pending']) == 0 and tonumber(f['idle']) > limit then
    local seen = tonumber(redis.call('HGET', KEYS[2], name) or '0')
    if now - seen > 2 * limit then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
      redis.call('HDEL', KEYS[2], name)
      removed[#removed + 1] = name
    end
  end
end
return removed`;

type SweepRedis = Redis & { tandemSweepConsumers(stream: string, members: string, group: string, self: string, idleMs: number): Promise<string[]> };

/**
 * Records `self`'s heartbeat in the hash `members`, then deletes from `group` of `stream` every
 * other member idle longer than `idleMs`, whose heartbeat is older than twice that, with no pending
 * entry; returns their names.
 */
export async function removeDeadConsumers(redis: Redis, stream: string, members: string, group: string, self: string, idleMs: number): Promise<string[]> {
  if (typeof (redis as unknown as Partial<SweepRedis>).tandemSweepConsumers !== 'function') redis.defineCommand('tandemSweepConsumers', { numberOfKeys: 2, lua: SWEEP_SCRIPT });
  return (redis as unknown as SweepRedis).tandemSweepConsumers(stream, members, group, self, idleMs);
}
