import { describe, expect, it } from 'vitest';
import type { SweepResult } from './backtest-sweep.js';
import { SweepJobs, type SweepJobView } from './sweep-jobs.js';

const RESULT = { points: 1 } as unknown as SweepResult;

describe('SweepJobs', () => {
  it('runs jobs one at a time and reports progress and the result', async () => {
    let t = 0;
    const jobs = new SweepJobs(() => (t += 1000));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = jobs.submit(async ({ progress }) => {
      progress(1);
      await gate;
      return RESULT;
    }, 2);
    const b = jobs.submit(async () => RESULT, 1);
    const seen: SweepJobView[] = [];
    jobs.subscribe(a.id, (v) => seen.push(v));
    expect(jobs.get(a.id)!.state).toBe('running');
    expect(jobs.get(a.id)!.done).toBe(1);
    expect(jobs.get(b.id)!.state).toBe('queued');
    expect(jobs.figures()).toEqual({ running: 1, queued: 1 });
    release();
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(a.id)).toMatchObject({ state: 'done', done: 2, result: RESULT });
    expect(seen.at(-1)!.state).toBe('done');
    expect(jobs.get(b.id)!.state).toBe('done');
    expect(jobs.figures()).toEqual({ running: 0, queued: 0 });
  });

  it('cancels a queued job at once and a running one through its abort signal', async () => {
    const jobs = new SweepJobs();
    const running = jobs.submit(({ signal }) => new Promise<SweepResult>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), 5);
    const queued = jobs.submit(async () => RESULT, 1);
    expect(jobs.cancel(queued.id).state).toBe('cancelled');
    jobs.cancel(running.id);
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(running.id)!.state).toBe('cancelled');
    expect(() => jobs.cancel('nope')).toThrow(/no sweep job/);
  });

  it('keeps the error of a failed job', async () => {
    const jobs = new SweepJobs();
    const j = jobs.submit(async () => Promise.reject(new Error('boom')), 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(jobs.get(j.id)).toMatchObject({ state: 'error', error: { code: 'internal', message: 'boom' } });
  });
});
