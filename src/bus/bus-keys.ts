/**
 * Names of the bus's Redis keys under one prefix (`TANDEM_REDIS_PREFIX`, default `tandem`), so
 * several deployments or test runs share one Redis without meeting.
 * @module
 */

import { TandemError } from '../core/tandem-error.js';

export const DEFAULT_REDIS_PREFIX = 'tandem';
/** The consumer group whose members commit ticks to the store. */
export const STORE_GROUP = 'store';

export class BusKeys {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new TandemError('invalid_prefix', `Redis prefix '${prefix}' must be 1-64 letters, digits, '_', '.' or '-'`);
  }

  /** The stream of one symbol's ticks. */
  stream(symbol: string): string {
    return `${this.prefix}:ticks:${symbol}`;
  }

  /** The set of symbols with a stream, so servers discover new ones. */
  get symbols(): string {
    return `${this.prefix}:symbols`;
  }

  /** Hash symbol → highest trade id published from `source`, written with each entry. */
  published(source: string): string {
    return `${this.prefix}:published:${source}`;
  }

  /** The Pub/Sub channel of mark prices (`mark-codec.ts`): latest state, not kept. */
  get marks(): string {
    return `${this.prefix}:marks`;
  }

  /** Hash worker id → JSON heartbeat. */
  get workers(): string {
    return `${this.prefix}:workers`;
  }

  /** Hash store-group member → its last heartbeat (Redis time, ms), so dead members can be told from quiet ones. */
  get members(): string {
    return `${this.prefix}:members`;
  }

  /** Entries no consumer could read, with why. */
  get deadLetters(): string {
    return `${this.prefix}:dead-letters`;
  }
}
