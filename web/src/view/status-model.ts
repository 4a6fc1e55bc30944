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
  readonly canStart: boolean;
  readonly canStop: boolean;
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

export function statusModel(connection: ConnectionState, status: Status | null, pending: 'start' | 'stop' | null, now: number): StatusModel {
  const state = status?.state ?? null;
  const tone: Tone = state === 'live' ? 'ok' : state === 'starting' || state === 'stopping' ? 'warn' : state === 'error' ? 'bad' : 'idle';
  const busy = pending !== null || state === 'starting' || state === 'stopping';
  return {
    connection: connectionModel(connection, now),
    ingestion: { label: state ?? 'unknown', tone },
    source: sourceLabel(status?.source),
    ticksPerSecond: status ? formatRate(status.ticksPerSecond) : DASH,
    ticksStored: status ? formatCount(status.rowsStored.ticks) : DASH,
    barsStored: status ? formatCount(status.rowsStored.bars) : DASH,
    reason: status?.reason ?? null,
    canStart: !busy && state !== 'live',
    canStop: !busy && (state === 'live' || state === 'error'),
  };
}
