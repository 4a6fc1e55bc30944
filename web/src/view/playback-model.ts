/**
 * The view model of a replay's progress bar, from `status.playback`.
 * @module
 */

import type { PlaybackProgress } from '../../../src/server/dto/api-schemas';
import { formatCount } from './format';
import type { Tone } from './status-model';

export interface PlaybackModel {
  readonly state: PlaybackProgress['state'];
  readonly tone: Tone;
  /** 0..100: ticks played of the total, or while the file loads, bytes read of its size. */
  readonly percent: number;
  /** `"1,234 / 5,000 ticks"`, or `"reading 40%"` while the file is validated. */
  readonly text: string;
  /** The file's name (the path's last part) and the speed, `"BTCUSDT.ndjson · max"`. */
  readonly file: string;
  /** The whole path, for the tooltip. */
  readonly path: string;
  readonly error: string | null;
}

const TONES: Record<PlaybackProgress['state'], Tone> = { idle: 'idle', loading: 'warn', playing: 'ok', done: 'ok', stopped: 'idle', error: 'bad' };

const fraction = (part: number, whole: number): number => (whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0);

export function playbackModel(p: PlaybackProgress | null | undefined): PlaybackModel | null {
  if (p === null || p === undefined) return null;
  const loading = p.state === 'loading' || (p.state === 'error' && p.ticksTotal === 0);
  const f = p.state === 'done' ? 1 : loading ? fraction(p.bytesRead, p.totalBytes) : fraction(p.ticksPlayed, p.ticksTotal);
  const text = loading ? `reading ${Math.round(f * 100)}% · ${formatCount(p.rowsRead)} rows` : `${formatCount(p.ticksPlayed)} / ${formatCount(p.ticksTotal)} ticks`;
  const name = p.path.split(/[\\/]/).pop() ?? p.path;
  return { state: p.state, tone: TONES[p.state], percent: Math.round(f * 1000) / 10, text, file: `${name} · ${p.speed}`, path: p.path, error: p.error };
}
