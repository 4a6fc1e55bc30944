/**
 * The pair-tests worker's entry: runs `computePairTests` on each request posted to it and
 * answers with the result and the time it took.
 * @module
 */

import { parentPort } from 'node:worker_threads';
import { computePairTests } from './pair-tests.js';
import type { PairTestsReply, PairTestsMessage } from './pair-tests-thread.js';

const port = parentPort;
if (port === null) throw new Error('pair-tests-worker must run as a worker thread');

port.on('message', (msg: PairTestsMessage) => {
  if (msg.kind === 'close') {
    port.close();
    return;
  }
  let reply: PairTestsReply;
  const t0 = performance.now();
  try {
    reply = { id: msg.id, ok: true, tests: computePairTests(msg.request), ms: performance.now() - t0 };
  } catch (e) {
    reply = { id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
