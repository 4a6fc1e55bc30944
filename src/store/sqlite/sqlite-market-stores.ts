/**
 * `SqliteMarketStores`: the SQLite file as `MarketStores`. Live ticks of a file database are
 * committed on a writer thread (its own connection; WAL lets this one keep reading); an
 * in-memory database cannot be shared between threads and is written in place.
 * @module
 */

import type { MarketStores, StoreInfo, TickWriter } from '../market-stores.js';
import { toTickColumns } from '../tick-columns.js';
import { SqliteStore } from './sqlite-store.js';
import { SqliteWriterThread } from './sqlite-writer-thread.js';

export class SqliteMarketStores implements MarketStores {
  readonly kind = 'sqlite' as const;
  readonly info: StoreInfo;
  private closed = false;

  private constructor(
    /** The adapter itself, with its synchronous forms, for SQLite-only callers. */
    readonly sqlite: SqliteStore,
    private readonly path: string,
  ) {
    this.info = { kind: 'sqlite', location: path, schema: null };
  }

  /** Opens (creating and migrating as needed) the SQLite file at `path`, or `:memory:`. */
  static open(path: string): SqliteMarketStores {
    return new SqliteMarketStores(SqliteStore.open(path), path);
  }

  get ticks(): SqliteStore['ticks'] {
    return this.sqlite.ticks;
  }

  get bars(): SqliteStore['bars'] {
    return this.sqlite.bars;
  }

  get alerts(): SqliteStore['alerts'] {
    return this.sqlite.alerts;
  }

  get funding(): SqliteStore['funding'] {
    return this.sqlite.funding;
  }

  get strategies(): SqliteStore['strategies'] {
    return this.sqlite.strategies;
  }

  openTickWriter(): TickWriter {
    if (this.path === ':memory:') {
      const ticks = this.sqlite.ticks;
      return { append: (batch) => Promise.resolve(ticks.appendTicksSync(batch)), close: () => Promise.resolve() };
    }
    const thread = new SqliteWriterThread(this.path);
    return { append: (batch) => thread.append(toTickColumns(batch)), close: () => thread.close() };
  }

  ping(): Promise<void> {
    // Synchronous and microseconds long on the open connection; a closed one throws.
    if (this.closed) return Promise.reject(new Error(`the SQLite store ${this.path} is closed`));
    try {
      this.sqlite.db.prepare('SELECT 1').get();
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): Promise<void> {
    if (!this.closed) this.sqlite.close();
    this.closed = true;
    return Promise.resolve();
  }
}
