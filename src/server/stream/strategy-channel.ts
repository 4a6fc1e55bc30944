/**
 * The `strategy:<id>` channel: the strategy's state on subscribe, then a `strategy` message on
 * every new final bar (coalesced under one key: a slow client gets the latest) and on every fill
 * (each under its own key, so no fill is coalesced away).
 * @module
 */

import type { PaperStrategies } from '../../engine/paper-strategies.js';
import { strategyStreamMessage } from '../strategy-dto.js';
import type { CoalescingOutbox } from './coalescing-outbox.js';

/** Subscribes the outbox to a strategy; null (after sending an error) when there is no such strategy. */
export function subscribeStrategyChannel(strategies: PaperStrategies, channel: string, id: string, outbox: CoalescingOutbox): (() => void) | null {
  const off = strategies.subscribe(id, (u) => outbox.put(u.fill === undefined ? `${channel}|state` : `${channel}|fill|${u.fill.time}|${u.fill.kind}`, strategyStreamMessage(channel, u)));
  if (off === null) {
    outbox.sendNow({ type: 'error', error: { code: 'not_found', message: `channel '${channel}': no strategy '${id}'` } });
    return null;
  }
  outbox.put(`${channel}|state`, strategyStreamMessage(channel, { view: strategies.get(id) }));
  return off;
}
