/**
 * The sweep worker's entry: keeps the bars of `init` and answers each task with
 * `runSweepTask`, reporting progress every 8 runs.
 * @module
 */

import { parentPort } from 'node:worker_threads';
import type { SweepInit, SweepWorkerIn, SweepWorkerOut } from './backtest-sweep-protocol.js';
import { runSweepTask } from './backtest-sweep-task.js';

const port = parentPort;
if (port === null) throw new Error('backtest-sweep-worker must run as a worker thread');

let init: SweepInit | null = null;
const send = (m: SweepWorkerOut): void => port.postMessage(m);

port.on('message', (msg: SweepWorkerIn) => {
  if (msg.kind === 'init') {
    init = msg.init;
    return;
  }
  const task = msg.task;
  try {
    if (init === null) throw new Error('task before init');
    let reported = 0;
    const result = runSweepTask(init, task, (done) => {
      if (done - reported >= 8) {
        send({ kind: 'progress', id: task.id, runs: done - reported });
        reported = done;
      }
    });
    const total = task.rules.length * task.ranges.length;
    if (total > reported) send({ kind: 'progress', id: task.id, runs: total - reported });
    send({ kind: 'result', result });
  } catch (e) {
    send({ kind: 'error', id: task.id, message: e instanceof Error ? e.message : String(e) });
  }
});
