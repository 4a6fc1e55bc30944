/**
 * The view model of the connection panel: the socket, the ingestion state and its rates.
 * @module
 */

import type { Status } from '../../../src/server/dto/api-schemas';
import type { ConnectionState } from '../api/stream-client';
import { DASH, formatCount, formatRate } from './format';

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

export interface StatusModel {
  readonly connection: { readonly label: string; readonly tone: Tone };
  readonly ingestion: { readonly label: string; readonly tone: Tone };
  readonly source: string;
  readonly ticksPerSecond: string;
  readonly ticksStored: string;
  readonly barsStored: string;
  readonly reason: string | null;
  /** Per-symbol feed health: rate, stored ticks and the age of the last tick by the server's clock. */
  readonly feeds: readonly { readonly symbol: string; readonly rate: string; readonly stored: string; readonly age: string; readonly stale: boolean }[];
  readonly canStart: boolean;
  readonly canStop: boolean;
  /** The Redis hot cache, when the server has one: a degraded cache shows its warning. */
  readonly cache: { readonly label: string; readonly tone: Tone; readonly warning: string | null } | null;
  /** The Redis Streams bus, when the server reads ticks from it. */
  readonly bus: { readonly label: string; readonly tone: Tone; readonly detail: string } | null;
}

/** A worker whose heartbeat is older than this is counted as stale. */
const STALE_WORKER_MS = 5000;

function cacheModel(cache: Status['cache']): StatusModel['cache'] {
  if (cache === undefined || cache === null) return null;
  if (cache.state === 'ok') return { label: 'Redis', tone: 'ok', warning: null };
  return { label: cache.state === 'starting' ? 'warming' : 'degraded', tone: 'warn', warning: cache.warning };
}

function busModel(bus: Status['bus']): StatusModel['bus'] {
  if (bus === undefined || bus === null) return null;
  if (bus.error !== null) return { label: 'unreachable', tone: 'bad', detail: bus.error };
  const workers = bus.workers ?? [];
  const live = workers.filter((w) => w.ageMs < STALE_WORKER_MS).length;
  const stale = workers.length - live;
  const lag = (bus.streams ?? []).reduce((n, x) => n + (x.lag ?? 0), 0);
  const pending = (bus.streams ?? []).reduce((n, x) => n + x.pending, 0);
  // The sidebar is narrow: workers and lag in the label, the rest in its title.
  const label = `${live} worker${live === 1 ? '' : 's'}, lag ${lag}`;
  const detail = `${live} live worker${live === 1 ? '' : 's'}${stale > 0 ? `, ${stale} stale` : ''}; ${lag} entries not yet read by the store group, ${pending} read and not yet committed; ${(bus.consumers ?? []).length} server(s) in the group`;
  return { label, tone: live === 0 ? 'bad' : stale > 0 || lag > 1000 ? 'warn' : 'ok', detail };
}

const SOURCE_LABELS: Record<string, string> = { simulator: 'Simulator', sim: 'Simulator', binance: 'Binance Futures', replay: 'Replay' };

export const sourceLabel = (source: string | null | undefined): string => (source ? (SOURCE_LABELS[source] ?? source) : DASH);

function connectionModel(c: ConnectionState, now: number): StatusModel['connection'] {
  switch (c.phase) {
    case 'open':
      return { label: 'connected', tone: 'ok' };
    case 'connecting':
      return { label: 'connecting…', tone: 'warn' };
    case 'reconnecting': {
      const wait = c.retryAt === null ? 0 : Math.max(0, Math.ceil((c.retryAt - now) / 1000));
      return { label: wait > 0 ? `reconnecting in ${wait}s (#${c.attempt})` : `reconnecting (#${c.attempt})`, tone: 'bad' };
    }
    case 'stopped':
      return { label: 'disconnected', tone: 'bad' };
  }
}

/** `0.2s`, `14s`, `3m`, `5h`, `323d`: how long ago, compact (an imported file's last tick may be months old). */
export function formatAge(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}

function feedModels(status: Status): StatusModel['feeds'] {
  return status.symbols.map((x) => {
    const age = x.lastTickTs === null ? null : Math.max(0, status.serverTime - x.lastTickTs);
    // A live feed silent for 5 s is worth a glance; the simulator ticks many times a second.
    const stale = status.state === 'live' && (age === null || age > 5000);
    return { symbol: x.symbol, rate: formatRate(x.ticksPerSecond), stored: formatCount(x.ticksStored), age: age === null ? DASH : formatAge(age), stale };
  });
}

export function statusModel(connection: ConnectionState, status: Status | null, pending: 'start' | 'stop' | null, now: number): StatusModel {
  const state = status?.state ?? null;
  const tone: Tone = state === 'live' ? 'ok' : state === 'starting' || state === 'stopping' ? 'warn' : state === 'error' ? 'bad' : 'idle';
  const busy = pending !== null || state === 'starting' || state === 'stopping';
  return {
    connection: connectionModel(connection, now),
    ingestion: { label: state ?? 'unknown', tone },
    source: (status?.bus ?? null) !== null ? 'Redis bus' : sourceLabel(status?.source),
    ticksPerSecond: status ? formatRate(status.ticksPerSecond) : DASH,
    ticksStored: status ? formatCount(status.rowsStored.ticks) : DASH,
    barsStored: status ? formatCount(status.rowsStored.bars) : DASH,
    reason: status?.reason ?? null,
    feeds: status === null ? [] : feedModels(status),
    // A server on the bus takes its ticks from ingest workers: it starts and stops no source.
    canStart: !busy && state !== 'live' && (status?.bus ?? null) === null,
    canStop: !busy && (state === 'live' || state === 'error') && (status?.bus ?? null) === null,
    cache: cacheModel(status?.cache),
    bus: busModel(status?.bus),
  };
}
