import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { BarsPage, Status } from '../../src/server/dto/api-schemas.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { getJson } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

// Drives the built CLI (`npm test` builds first) as a user would.
describe('./bin/tandem serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests from --source sim, serves bars, and flushes everything on SIGTERM', async () => {
    const db = join(dir, 'tandem.db');
    const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['serve', '--source', 'sim', '--symbols', 'BTCUSDT,ETHUSDT', '--port', '0', '--db', db], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const url = await waitFor('the listening line', () => /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1], 20_000);
    const status = await waitFor('ticks flowing', async () => {
      const s = (await getJson<Status>(`${url}/api/status`)).body;
      return s.rowsStored.ticks > 100 && s.ticksPerSecond > 0 ? s : undefined;
    }, 20_000);
    expect(status.source).toBe('simulator');
    await waitFor('a stored 1s bar', async () => (await getJson<BarsPage>(`${url}/api/bars?symbol=BTCUSDT&tf=1s`)).body.items.length > 0);
    const before = (await getJson<Status>(`${url}/api/status`)).body.rowsStored.ticks;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: flushing and closing/);
    const store = SqliteStore.open(db);
    try {
      expect(await store.ticks.tickCount()).toBeGreaterThanOrEqual(before);
    } finally {
      store.close();
    }
  });

  it('explains a bad option', async () => {
    const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['serve', '--port', 'http'], { cwd: REPO_ROOT });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/--port 'http' is not a port number/);
  });
});
