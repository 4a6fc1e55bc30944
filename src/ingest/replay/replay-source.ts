/**
 * `ReplaySource`: plays a tick file through the live pipeline as if it were a market. On
 * `start` it reads and validates the whole file (a bad file is rejected whole, with its bad
 * rows, and nothing is played), then pushes the ticks in order: at `1x`, `10x` or `100x` it
 * keeps the file's time gaps divided by the speed; at `max` it pushes batch after batch,
 * yielding to the event loop between them so the store and bar engine keep up.
 *
 * Market time (`marketTime()`) is the replayed time, which the bar engine closes bars by
 * instead of the wall clock; when the file ends it jumps past every bucket so the last bars
 * are final too, as the file is complete. `playback()` reports rows and bytes read and the
 * state, for status.
 * @module
 */

import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { componentLogger } from '../../core/logger.js';
import { TandemError } from '../../core/tandem-error.js';
import type { MarketDataSource, PlaybackProgress, SourceState, TickSink } from '../market-data-source.js';
import { loadTickFile } from './load-tick-file.js';
import { speedFactor, type ReplaySpeed } from './replay-speed.js';
import type { TickFileFormat } from './tick-file-format.js';
import type { TickTable } from './tick-table.js';

const log = componentLogger('ingest');

export interface ReplayOptions {
  readonly path: string;
  readonly speed: ReplaySpeed;
  readonly clock: Clock;
  /** The symbol of a Binance dump, or the only symbol accepted from a file with a symbol column. */
  readonly symbol?: string;
  readonly format?: TickFileFormat;
  /** Ticks per pushed batch (default 2000). */
  readonly batchSize?: number;
}

export type ReplayState = PlaybackProgress['state'];

export interface ReplayProgress extends PlaybackProgress {
  readonly speed: ReplaySpeed;
}

/** Extensions a replay reads; anything else is refused before it is opened. */
const EXTENSIONS = new Set(['.csv', '.zip', '.ndjson', '.jsonl']);
/** Longest wait between two checks of the clock while paced. */
const MAX_WAIT_MS = 50;

export class ReplaySource implements MarketDataSource {
  readonly kind = 'replay';
  private fileSymbols: readonly string[];
  private current: ReplayState = 'idle';
  private table: TickTable | null = null;
  private bytesRead = 0;
  private rowsRead = 0;
  private totalBytes = 0;
  private played = 0;
  private lastTs: number | null = null;
  private error: string | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Wall time and market time at which pacing started. */
  private anchor: { wall: number; market: number } | null = null;

  constructor(private readonly opts: ReplayOptions) {
    this.fileSymbols = opts.symbol === undefined ? [] : [opts.symbol];
    if (!EXTENSIONS.has(extname(opts.path).toLowerCase())) {
      throw new TandemError('invalid_request', `replay reads .csv, .zip, .ndjson or .jsonl files, not '${basename(opts.path)}'`);
    }
  }

  get symbols(): readonly string[] {
    return this.fileSymbols;
  }

  async start(sink: TickSink): Promise<void> {
    if (this.current !== 'idle') return;
    this.current = 'loading';
    try {
      this.totalBytes = statSync(this.opts.path).size;
    } catch (e) {
      this.fail(`cannot read ${this.opts.path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      throw new TandemError('invalid_request', this.error!);
    }
    try {
      const loaded = await loadTickFile(
        createReadStream(this.opts.path, { highWaterMark: 1 << 16 }),
        { source: 'replay', name: this.opts.path, ...(this.opts.symbol === undefined ? {} : { symbol: this.opts.symbol }), ...(this.opts.format === undefined ? {} : { format: this.opts.format }) },
        (p) => {
          this.bytesRead = p.bytesRead;
          this.rowsRead = p.rowsRead;
        },
      );
      this.table = loaded.table;
      this.rowsRead = loaded.rows;
      this.fileSymbols = loaded.table.symbols;
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
      throw e;
    }
    if (this.stopping) return;
    this.current = 'playing';
    this.loop = this.play(sink).catch((e: unknown) => this.fail(e instanceof Error ? e.message : String(e)));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    if (this.current === 'playing' || this.current === 'loading' || this.current === 'idle') this.current = 'stopped';
  }

  state(): SourceState {
    switch (this.current) {
      case 'idle':
        return 'idle';
      case 'loading':
        return 'connecting';
      case 'playing':
      case 'done':
        return 'live';
      case 'stopped':
        return 'stopped';
      case 'error':
        return 'error';
    }
  }

  /** Why the replay is not playing: its load error, or null. */
  reason(): string | null {
    return this.error;
  }

  playback(): ReplayProgress {
    return {
      state: this.current,
      path: this.opts.path,
      speed: this.opts.speed,
      totalBytes: this.totalBytes,
      bytesRead: this.bytesRead,
      rowsRead: this.rowsRead,
      ticksTotal: this.table?.length ?? 0,
      ticksPlayed: this.played,
      lastTickTs: this.lastTs,
      error: this.error,
    };
  }

  /**
   * The replayed time, epoch ms: while paced, the file's first trade time plus the wall time
   * since start times the speed; at `max`, the last pushed trade's time; once the file has
   * ended, +∞ (every bucket is complete). Null before playing.
   */
  marketTime(): number | null {
    if (this.current === 'done') return Infinity;
    const factor = speedFactor(this.opts.speed);
    if (this.anchor === null) return null;
    if (factor === null) return this.lastTs;
    return this.anchor.market + (this.opts.clock.now() - this.anchor.wall) * factor;
  }

  private async play(sink: TickSink): Promise<void> {
    const table = this.table!;
    const batch = this.opts.batchSize ?? 2000;
    const factor = speedFactor(this.opts.speed);
    this.anchor = { wall: this.opts.clock.now(), market: table.tsAt(0) };
    let k = 0;
    while (k < table.length && !this.stopping) {
      let end = Math.min(table.length, k + batch);
      if (factor !== null) {
        const due = this.marketTime()!;
        let e = k;
        while (e < end && table.tsAt(e) <= due) e++;
        end = e;
        if (end === k) {
          await this.sleep(Math.min(MAX_WAIT_MS, (table.tsAt(k) - due) / factor));
          continue;
        }
      }
      sink(table.slice(k, end));
      this.played = end;
      this.lastTs = table.tsAt(end - 1);
      k = end;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!this.stopping) this.current = 'done';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, Math.max(1, ms));
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private fail(message: string): void {
    log.error({ event: 'source_state', source: this.kind, from: this.current, to: 'error', reason: message }, `replay failed: ${message}`);
    this.current = 'error';
    this.error = message;
  }
}
