/**
 * Commands that only read (or prune) the store refuse a SQLite file that is not there (issue 15, small
 * items): `tandem export bars --db typo/x.db` used to create an empty database and exit 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

describe('read-only commands on a missing SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-missing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'typo', 'x.db');

  it.each([
    ['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m'],
    ['export', 'ticks', '--symbol', 'BTCUSDT'],
    ['backtest', '--y', 'ETHUSDT', '--x', 'BTCUSDT', '--tf', '1m', '--entry', '2', '--exit', '0.5', '--window', '20'],
    ['retain', '--older-than', '30d'],
  ])('tandem %s %s fails naming the file, and creates nothing', (...args) => {
    const run = spawnSync(join(REPO_ROOT, 'bin', 'tandem'), [...args, '--db', missing], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(args[0] === 'retain' ? 1 : 2);
    expect(run.stderr + run.stdout).toContain(`no SQLite file at ${missing}`);
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });
});
