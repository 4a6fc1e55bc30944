/**
 * A WebSocket client's subscription to `pair:<Y>:<X>:<tf>:<method>:<window>`: the live series
 * so far once the pair's history is loaded, then each point and each tests run, through the
 * client's coalescing outbox (keyed by bar start, so the forming point is replaced by the final
 * one, and by channel for the tests).
 * @module
 */

import type { PairEngine } from '../../engine/pair-engine.js';
import { columnsOf } from '../../engine/pair-point.js';
import type { PairSpec } from '../../model/pair-spec.js';
import { toPairPointDto, toPairSeriesDto, toPairTestsDto } from '../pair-dto.js';
import type { CoalescingOutbox } from './coalescing-outbox.js';

/** Subscribes; returns the unsubscribe. */
export function subscribePairChannel(pairs: PairEngine, channel: string, spec: PairSpec, outbox: CoalescingOutbox): () => void {
  let snapshotSent = false;
  const sub = pairs.subscribe(spec, (u) => {
    // Until the snapshot is out, it carries everything; updates would only repeat it.
    if (!snapshotSent) return;
    if (u.kind === 'point') outbox.put(`${channel}|${u.point.start}`, { type: 'pair_point', channel, point: toPairPointDto(u.point), final: u.final });
    else if (u.kind === 'tests') outbox.put(`${channel}|tests`, { type: 'pair_tests', channel, tests: toPairTestsDto(u.tests) });
    else outbox.sendNow({ type: 'error', error: { code: 'pair_error', message: `${channel}: ${u.message}` } });
  });
  let closed = false;
  void sub.ready.then(() => {
    if (closed) return;
    const snap = sub.snapshot();
    outbox.put(`${channel}|snapshot`, {
      type: 'pair_snapshot',
      channel,
      series: toPairSeriesDto(columnsOf(snap.points)),
      provisional: snap.provisional === null ? null : toPairPointDto(snap.provisional),
      tests: snap.tests === null ? null : toPairTestsDto(snap.tests),
    });
    snapshotSent = true;
  });
  return () => {
    closed = true;
    sub.unsubscribe();
  };
}
