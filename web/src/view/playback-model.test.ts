import { describe, expect, it } from 'vitest';
import type { PlaybackProgress } from '../../../src/server/dto/api-schemas';
import { playbackModel } from './playback-model';

const progress = (over: Partial<PlaybackProgress>): PlaybackProgress => ({
  state: 'playing',
  path: '/data/BTCUSDT-aggTrades-2024-01-01.zip',
  speed: '10x',
  totalBytes: 1000,
  bytesRead: 1000,
  rowsRead: 5000,
  ticksTotal: 5000,
  ticksPlayed: 1250,
  lastTickTs: null,
  error: null,
  ...over,
});

describe('playbackModel', () => {
  it('is null without a replay', () => {
    expect(playbackModel(null)).toBeNull();
  });

  it('shows ticks played of the total while playing', () => {
    const m = playbackModel(progress({}));
    expect(m).toMatchObject({ state: 'playing', tone: 'ok', percent: 25, text: '1,250 / 5,000 ticks', file: 'BTCUSDT-aggTrades-2024-01-01.zip · 10x' });
  });

  it('shows bytes read while the file is validated', () => {
    expect(playbackModel(progress({ state: 'loading', bytesRead: 400, rowsRead: 2000, ticksTotal: 0, ticksPlayed: 0 }))).toMatchObject({ tone: 'warn', percent: 40, text: 'reading 40% · 2,000 rows' });
  });

  it('is full when done, and carries the error of a failed replay', () => {
    expect(playbackModel(progress({ state: 'done', ticksPlayed: 4999 }))?.percent).toBe(100);
    const failed = playbackModel(progress({ state: 'error', ticksTotal: 0, ticksPlayed: 0, bytesRead: 10, error: 'row 3: price is not a number' }));
    expect(failed).toMatchObject({ tone: 'bad', error: 'row 3: price is not a number', percent: 1 });
  });

  it('never divides by zero', () => {
    expect(playbackModel(progress({ state: 'playing', ticksTotal: 0, ticksPlayed: 0 }))?.percent).toBe(0);
  });
});
