/**
 * The hot cache's Lua scripts: each write of a series (a symbol's ticks, or one symbol and
 * timeframe's bars) is one atomic script, so the series, its trim, its coverage and its TTL
 * never disagree, whichever server wrote.
 *
 * KEYS[1] the sorted set (score: tick ts or bar start), KEYS[2] its coverage key (the lowest
 * score from which the set holds everything). ARGV[1] TTL ms, ARGV[2] most members kept,
 * ARGV[3] mode, ARGV[4] coverage to set if none is set ('' for none), then score/member pairs.
 * @module
 */

/**
 * Modes: `add` (ticks: members are whole ticks, so adding twice is a no-op), `replace` (bars:
 * a bar replaces the one of its start: a revision), `keep` (warming: a bar is added only when
 * none of its start is held, so a stale read never overwrites a fresher live write).
 * After trimming, coverage rises to just above the lowest score that lost a member (ticks of
 * one millisecond may be split by the trim) or to the lowest kept start (bars are one a start).
 */
export const WRITE_SERIES = `
local mode = ARGV[3]
for i = 5, #ARGV, 2 do
  local s = ARGV[i]
  if mode == 'replace' then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], s, s)
    redis.call('ZADD', KEYS[1], s, ARGV[i + 1])
  elseif mode == 'keep' then
    if redis.call('ZCOUNT', KEYS[1], s, s) == 0 then redis.call('ZADD', KEYS[1], s, ARGV[i + 1]) end
  else
    redis.call('ZADD', KEYS[1], s, ARGV[i + 1])
  end
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'NX') end
local max = tonumber(ARGV[2])
local n = redis.call('ZCARD', KEYS[1])
if n > max then
  local cut = redis.call('ZRANGE', KEYS[1], n - max - 1, n - max - 1, 'WITHSCORES')
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - max - 1)
  local floor
  if mode == 'add' then floor = tonumber(cut[2]) + 1 else
    local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    floor = tonumber(first[2])
  end
  local cur = redis.call('GET', KEYS[2])
  if cur and tonumber(cur) < floor then redis.call('SET', KEYS[2], string.format('%d', floor)) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return n`;
