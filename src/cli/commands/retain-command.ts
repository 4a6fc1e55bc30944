/**
 * `tandem retain --older-than 30d`: deletes the stored ticks older than the horizon once, on
 * SQLite or PostgreSQL (bars stay), and prints what it deleted per symbol (`--json`: the
 * result object). The same run `serve --retain-ticks` repeats and `POST /api/retention` starts.
 * @module
 */

import type { Command } from 'commander';
import { JobPool } from '../../jobs/job-pool.js';
import { parseRetentionHorizon } from '../../jobs/retention/retention-horizon.js';
import { retainTicks } from '../../jobs/retention/tick-retention.js';
import { openStores } from '../../store/open-stores.js';
import { describeStore, existingStoreConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';

interface RetainOptions extends StoreOptions {
  olderThan: string;
  json: boolean;
}

export function registerRetainCommand(program: Command): void {
  withStoreOptions(program.command('retain'))
    .description('delete stored ticks older than a horizon (bars stay) and print the count per symbol')
    .requiredOption('--older-than <horizon>', 'delete ticks older than this: <n><unit>, unit m, h or d (e.g. 30d)')
    .option('--json', 'print the result as one JSON object', false)
    .action(async (opts: RetainOptions) => retain(opts));
}

async function retain(opts: RetainOptions): Promise<void> {
  const horizon = parseRetentionHorizon(opts.olderThan, '--older-than');
  if (!horizon.ok) throw new Error(horizon.error.message);
  // Nothing to prune in a file that is not there: refuse it rather than create an empty one.
  const config = existingStoreConfigOf(opts);
  const stores = await openStores(config);
  const pool = new JobPool({ workers: 1, maxQueue: 1 });
  try {
    const r = await retainTicks(pool, stores, Date.now() - horizon.value);
    if (opts.json) {
      console.log(JSON.stringify(r));
      return;
    }
    console.log(`${describeStore(config)}: ticks before ${new Date(r.cutoff).toISOString()}`);
    for (const s of r.symbols) console.log(`${s.symbol.padEnd(16)} ${s.deleted.toLocaleString('en-US').padStart(14)} deleted`);
    const dropped = r.partitionsDropped > 0 ? ` (${r.partitionsDropped} day partitions dropped)` : '';
    console.log(`${'total'.padEnd(16)} ${r.deleted.toLocaleString('en-US').padStart(14)} deleted${dropped}`);
  } finally {
    await pool.close();
    await stores.close();
  }
}
