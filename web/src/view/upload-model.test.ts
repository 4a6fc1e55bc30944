import { describe, expect, it } from 'vitest';
import { IDLE_UPLOAD, type UploadState } from '../state/dashboard-store';
import { formatBytes, uploadModel } from './upload-model';

const file = { name: 'ticks.csv', size: 2000 } as File;
const state = (over: Partial<UploadState>): UploadState => ({ ...IDLE_UPLOAD, file, ...over });

describe('uploadModel', () => {
  it('can upload once a file is chosen, and not while one is going', () => {
    expect(uploadModel('ticks', IDLE_UPLOAD).canUpload).toBe(false);
    expect(uploadModel('ticks', state({})).canUpload).toBe(true);
    expect(uploadModel('ticks', state({ phase: 'uploading' })).canUpload).toBe(false);
  });

  it('shows the bytes sent, then that the server is storing', () => {
    expect(uploadModel('ticks', state({ phase: 'uploading', loaded: 500, total: 2000 }))).toMatchObject({ percent: 25, progress: 'uploading 25% · 500 B of 2.0 KB', busy: true });
    expect(uploadModel('ticks', state({ phase: 'storing', loaded: 2000, total: 2000 }))).toMatchObject({ percent: 100, busy: true });
  });

  it('counts what a tick import and an OHLC import stored', () => {
    const result = { inserted: 1200, duplicates: 3, bars: 61, rows: 1203 };
    expect(uploadModel('ticks', state({ phase: 'done', result })).result).toBe('1,200 inserted · 3 duplicates · 61 bars');
    expect(uploadModel('ohlc', state({ phase: 'done', result: { inserted: 0, duplicates: 0, bars: 60, rows: 60 } })).result).toBe('60 bars stored from 60 rows');
    expect(uploadModel('ticks', state({ phase: 'done', result: { inserted: 0, duplicates: 0, bars: 0, rows: 0, skipped: true } })).result).toBe('already imported: these bytes were stored before, nothing changed');
  });

  it('lists the first 50 bad rows and counts the rest, with those the server left out', () => {
    const badRows = Array.from({ length: 80 }, (_, i) => ({ row: i + 2, reason: 'price is not a number' }));
    const m = uploadModel('ohlc', state({ phase: 'error', error: '80 bad rows', badRows, moreRows: 20 }));
    expect(m.badRows).toHaveLength(50);
    expect(m.badRows[0]).toEqual({ row: 2, reason: 'price is not a number' });
    expect(m.more).toBe('and 50 more');
    expect(m.error).toBe('80 bad rows');
  });

  it('says nothing more when every bad row is shown', () => {
    expect(uploadModel('ohlc', state({ phase: 'error', error: 'bad', badRows: [{ row: 3, reason: 'x' }] })).more).toBeNull();
  });
});

describe('formatBytes', () => {
  it('scales by thousands', () => {
    expect([812, 12_345, 4_560_000, 2e9].map(formatBytes)).toEqual(['812 B', '12.3 KB', '4.56 MB', '2.00 GB']);
  });
});
