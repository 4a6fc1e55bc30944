/**
 * `BusIngestion`: how a server takes its ticks from the bus instead of running a source
 * (`tandem serve --bus redis`, docs/scaling.md). Two readers:
 *
 * - the store writer, one member of the consumer group all servers share: it commits its share
 *   of the entries to the store and acknowledges them after the commit;
 * - the live reader of every tick, from this server's start on, feeding the hub (bar and pair
 *   engines, alerts, WebSocket) but not the tick writer, since the group writes;
 * - and, beside them, the workers' mark prices (Pub/Sub), for the Overview cards' funding.
 *
 * Bars of the buckets in progress when the server started are partial here (their earlier
 * ticks were read by nobody on this server): `liveSince` lets the engine rebuild them from the
 * store instead of storing them, once `awaitCommitted` says the store has their ticks.
 * @module
 */

import type { BusStatus, GroupConsumerStats, MarkReader, ServerBus, TickGroupConsumer, TickLiveReader } from '../bus/tick-bus.js';
import type { MarkSink } from '../model/mark-price.js';
import type { Tick } from '../model/tick.js';
import type { TickStore } from '../store/tick-store.js';

export interface BusIngestionStatus extends Partial<BusStatus> {
  /** This server's member of the store group. */
  readonly consumer: GroupConsumerStats;
  /** Repeated trades the live path dropped. */
  readonly liveRepeatsDropped: number;
  /** Why the bus could not be read for status, else null. */
  readonly error: string | null;
}

export class BusIngestion {
  private readonly consumer: TickGroupConsumer;
  private readonly live: TickLiveReader;
  private readonly marks: MarkReader;
  private readonly lastEntry = new Map<string, string>();
  private since: number | null = null;
  private stopped = false;
  private statusCache: { at: number; value: BusIngestionStatus } | null = null;

  constructor(
    private readonly bus: ServerBus,
    private readonly commitTo: TickStore,
    private readonly publish: (ticks: readonly Tick[]) => void,
    private readonly publishMarks: MarkSink = () => undefined,
  ) {
    this.consumer = bus.groupConsumer();
    this.live = bus.liveReader();
    this.marks = bus.markReader();
  }

  /** Epoch ms (by Redis's clock) from which this server's live path saw every tick; null before start. */
  get liveSince(): number | null {
    return this.since;
  }

  async start(): Promise<void> {
    this.consumer.start(async (ticks) => void (await this.commitTo.appendTicks(ticks)));
    const from = await this.live.start((batch) => {
      this.lastEntry.set(batch.symbol, batch.entryId);
      this.publish(batch.ticks);
    });
    this.since = Number(from.split('-')[0]);
    await this.marks.start(this.publishMarks);
  }

  /**
   * Waits (at most `timeoutMs`) until the store group has committed every entry of `symbols`
   * this server has seen live, so a bar rebuilt from the store has all its ticks. False on timeout.
   */
  async awaitCommitted(symbols: readonly string[], timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (const symbol of new Set(symbols)) {
      const entry = this.lastEntry.get(symbol);
      if (entry === undefined) continue;
      for (;;) {
        if (this.stopped) return false;
        try {
          if (await this.bus.committed(symbol, entry)) break;
        } catch {
          // Redis away: wait like for a slow group.
        }
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return true;
  }

  /** The bus as status shows it (read from Redis at most once a second). */
  async status(): Promise<BusIngestionStatus> {
    const now = Date.now();
    if (this.statusCache !== null && now - this.statusCache.at < 1000) return this.statusCache.value;
    let value: BusIngestionStatus;
    try {
      value = { ...(await this.bus.status()), consumer: this.consumer.stats(), liveRepeatsDropped: this.live.repeatsDropped(), error: null };
    } catch (e) {
      value = { consumer: this.consumer.stats(), liveRepeatsDropped: this.live.repeatsDropped(), error: `cannot read the bus: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.statusCache = { at: now, value };
    return value;
  }

  /** Resolves when the bus answers PING (readiness). */
  ping(): Promise<void> {
    return this.bus.ping();
  }

  /** Stops both readers; the group member commits and acknowledges the batch in hand first. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.live.stop(), this.consumer.stop(), this.marks.stop()]);
    await this.bus.close();
  }
}
