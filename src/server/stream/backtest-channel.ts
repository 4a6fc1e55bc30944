/**
 * The `backtest:<jobId>` channel: the sweep job's current state on subscribe, then each
 * progress update and the final state with the result. Coalesced under one key, so a slow
 * client gets the latest state (the last one carries the result).
 * @module
 */

import type { SweepJobs } from '../../engine/sweep-jobs.js';
import { sweepJobDto } from '../backtest-dto.js';
import type { CoalescingOutbox } from './coalescing-outbox.js';

/** Subscribes the outbox to a job; null (after sending an error) when there is no such job. */
export function subscribeBacktestChannel(jobs: SweepJobs, channel: string, jobId: string, outbox: CoalescingOutbox): (() => void) | null {
  const view = jobs.get(jobId);
  if (view === null) {
    outbox.sendNow({ type: 'error', error: { code: 'not_found', message: `channel '${channel}': no sweep job '${jobId}'` } });
    return null;
  }
  const off = view.finishedAt === null ? jobs.subscribe(jobId, (v) => outbox.put(channel, { type: 'backtest_job', channel, job: sweepJobDto(v) })) : () => undefined;
  outbox.put(channel, { type: 'backtest_job', channel, job: sweepJobDto(view) });
  return off;
}
