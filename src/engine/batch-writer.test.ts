import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer.js';

describe('BatchWriter', () => {
  it('writes everything pushed, in order, in batches no larger than maxBatch', async () => {
    const batches: number[][] = [];
    const w = new BatchWriter<number>({ write: (b) => void batches.push(b), flushMs: 10_000, maxBatch: 3 });
    w.push([1, 2]);
    w.push([3, 4]);
    w.push([5]);
    await w.close();
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(batches[0]).toEqual([1, 2, 3, 4]);
  });

  it('hands nothing to write while held, waits for the write in flight, and flushes on release', async () => {
    const written: number[][] = [];
    let finish: () => void = () => undefined;
    const w = new BatchWriter<number>({ write: (b) => new Promise<void>((resolve) => (finish = () => resolve(void written.push(b)))), flushMs: 10_000 });
    w.push([1]);
    void w.flush();
    let held = false;
    const holding = w.hold().then((release) => {
      held = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(held).toBe(false);
    finish();
    const release = await holding;
    expect(written).toEqual([[1]]);
    w.push([2, 3]);
    await w.flush();
    expect(written).toEqual([[1]]);
    release();
    release();
    await new Promise((r) => setTimeout(r, 0));
    finish();
    await w.close();
    expect(written).toEqual([[1], [2, 3]]);
  });

  it('counts its backlog, buffered and in flight, until the write finishes', async () => {
    let finish: () => void = () => undefined;
    const w = new BatchWriter<number>({ write: () => new Promise<void>((resolve) => (finish = resolve)), flushMs: 10_000 });
    w.push([1, 2]);
    expect(w.backlog()).toBe(2);
    const flushed = w.flush();
    w.push([3]);
    expect(w.backlog()).toBe(3);
    await new Promise((r) => setTimeout(r, 0));
    finish();
    await flushed;
    expect(w.backlog()).toBe(1);
    const closing = w.close();
    await new Promise((r) => setTimeout(r, 0));
    finish();
    await closing;
    expect(w.backlog()).toBe(0);
  });

  it('flushes on its timer', async () => {
    const written: number[] = [];
    const w = new BatchWriter<number>({ write: (b) => void written.push(...b), flushMs: 5 });
    w.push([1]);
    for (let i = 0; i < 100 && written.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(written).toEqual([1]);
    await w.close();
  });

  it('reports a failed write and keeps writing later batches', async () => {
    const errors: unknown[] = [];
    const written: number[] = [];
    let first = true;
    const w = new BatchWriter<number>({
      write: (b) => {
        if (first) {
          first = false;
          throw new Error('disk full');
        }
        written.push(...b);
      },
      flushMs: 10_000,
      onError: (e) => errors.push(e),
    });
    w.push([1]);
    await w.flush();
    w.push([2]);
    await w.close();
    expect(errors.length).toBe(1);
    expect(written).toEqual([2]);
    expect(() => w.push([3])).toThrow(/after close/);
  });
});
