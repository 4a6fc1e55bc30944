/**
 * `StreamTrimmer`: the bus's trimming policy. A stream is trimmed (`XTRIM MINID ~`) only below
 * the oldest entry some consumer group still needs: the oldest pending entry of each group,
 * or, with nothing pending, its last delivered entry. Entries younger than the retention time
 * are kept regardless. So nothing a store writer has not acknowledged is ever trimmed by
 * policy; the only other limit is the `MAXLEN ~` cap every XADD applies, a guard on Redis's
 * memory while no server runs at all (docs/scaling.md, "Trimming").
 * @module
 */

import type { Redis } from 'ioredis';
import { compareStreamIds, flatRecord } from './stream-replies.js';

export interface StreamTrimmerOptions {
  /** Acknowledged entries younger than this are kept, ms. */
  readonly retentionMs: number;
}

export class StreamTrimmer {
  private trimmed = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: StreamTrimmerOptions,
  ) {}

  /** Entries removed so far (approximate trimming removes whole nodes). */
  removed(): number {
    return this.trimmed;
  }

  async trim(streams: readonly string[]): Promise<void> {
    const [seconds, micros] = (await this.redis.time()) as [number | string, number | string];
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const retained = `${nowMs - this.opts.retentionMs}-0`;
    for (const key of streams) {
      const needed = await this.oldestNeeded(key);
      if (needed === null) continue;
      const minId = compareStreamIds(needed, retained) < 0 ? needed : retained;
      this.trimmed += Number(await this.redis.call('XTRIM', [key, 'MINID', '~', minId]));
    }
  }

  /** The oldest entry any group of `key` still needs, or null when no group reads it (then nothing is trimmed). */
  async oldestNeeded(key: string): Promise<string | null> {
    const groups = ((await this.redis.call('XINFO', ['GROUPS', key])) as unknown[]).map(flatRecord);
    if (groups.length === 0) return null;
    let oldest: string | null = null;
    for (const g of groups) {
      let need = String(g['last-delivered-id']);
      if (Number(g['pending']) > 0) {
        const summary = (await this.redis.call('XPENDING', [key, String(g['name'])])) as [number, string | null, string | null, unknown];
        if (summary[1] !== null) need = summary[1];
      }
      if (oldest === null || compareStreamIds(need, oldest) < 0) oldest = need;
    }
    return oldest;
  }
}
