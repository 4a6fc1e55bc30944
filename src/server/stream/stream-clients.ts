/**
 * `StreamClients`: the live WebSocket clients of `/api/stream` and their outboxes, so the
 * metrics route can show what the server holds for them (pending coalesced states, bytes the
 * socket has yet to send). That is how a slow client is seen to cost a bounded amount.
 * @module
 */

import type { CoalescingOutbox, OutboxSocket } from './coalescing-outbox.js';

export interface StreamClientFigures {
  /** Connected clients. */
  readonly clients: number;
  /** Coalesced states waiting to be sent, summed over clients and the largest of one client. */
  readonly pendingTotal: number;
  readonly pendingMax: number;
  /** Bytes handed to sockets but not yet sent, summed and the largest of one client. */
  readonly bufferedBytesTotal: number;
  readonly bufferedBytesMax: number;
  /** States dropped because a client held more than the outbox's cap, over the live clients. */
  readonly dropped: number;
}

export class StreamClients {
  private readonly live = new Set<{ readonly outbox: CoalescingOutbox; readonly socket: OutboxSocket }>();
  private retiredDropped = 0;

  /** Registers a client; returns its removal. */
  add(outbox: CoalescingOutbox, socket: OutboxSocket): () => void {
    const entry = { outbox, socket };
    this.live.add(entry);
    return () => {
      if (this.live.delete(entry)) this.retiredDropped += outbox.droppedCount();
    };
  }

  /** States dropped since the server started, gone clients included (a counter for `GET /metrics`). */
  droppedTotal(): number {
    let n = this.retiredDropped;
    for (const { outbox } of this.live) n += outbox.droppedCount();
    return n;
  }

  figures(): StreamClientFigures {
    let pendingTotal = 0;
    let pendingMax = 0;
    let bufferedBytesTotal = 0;
    let bufferedBytesMax = 0;
    let dropped = 0;
    for (const { outbox, socket } of this.live) {
      const pending = outbox.pendingCount();
      pendingTotal += pending;
      pendingMax = Math.max(pendingMax, pending);
      bufferedBytesTotal += socket.bufferedAmount;
      bufferedBytesMax = Math.max(bufferedBytesMax, socket.bufferedAmount);
      dropped += outbox.droppedCount();
    }
    return { clients: this.live.size, pendingTotal, pendingMax, bufferedBytesTotal, bufferedBytesMax, dropped };
  }
}
