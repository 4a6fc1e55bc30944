import { describe, expect, it } from 'vitest';
import { epochMs, price, qty } from '../core/brand.js';
import type { Tick, TickSource } from '../model/tick.js';
import { PublishQueue } from './publish-queue.js';
import type { TickPublisher } from './tick-bus.js';

const t = (id: number): Tick => ({ symbol: 'BTCUSDT', ts: epochMs(id), price: price(1), qty: qty(1), tradeId: id, buyerMaker: false, source: 'binance' });

/** A publisher that fails its first `failures` calls, like Redis going away for a moment. */
class FlakyPublisher implements TickPublisher {
  readonly published: number[] = [];
  calls = 0;
  constructor(private failures: number) {}
  async publish(ticks: readonly Tick[]): Promise<void> {
    this.calls++;
    if (this.failures-- > 0) throw new Error('ECONNREFUSED');
    this.published.push(...ticks.map((x) => x.tradeId));
  }
  async lastPublishedTradeId(_symbol: string, _source: TickSource): Promise<number | null> {
    return null;
  }
  async close(): Promise<void> {}
}

describe('PublishQueue', () => {
  it('publishes in order through failures, losing and repeating nothing', async () => {
    const pub = new FlakyPublisher(3);
    const errors: unknown[] = [];
    const q = new PublishQueue(pub, { flushMs: 5, maxBatch: 4, onError: (e) => errors.push(e) });
    for (let i = 1; i <= 10; i++) q.push([t(i)]);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 11; i <= 20; i++) q.push([t(i)]);
    await q.close();
    expect(pub.published).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(errors).toHaveLength(3);
    expect(q.count()).toBe(20);
    expect(q.backlog()).toBe(0);
  });

  it('gives up past its limit so the worker can restart and resume', () => {
    const pub = new FlakyPublisher(0);
    let overflow = 0;
    const q = new PublishQueue(pub, { maxBuffered: 5, onOverflow: (n) => (overflow = n) });
    q.push([1, 2, 3, 4, 5, 6].map(t));
    expect(overflow).toBe(6);
    void q.close();
  });
});
