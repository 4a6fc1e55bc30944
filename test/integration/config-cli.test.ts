/**
 * One validated configuration (issue 15, item 2), through the real CLI: `tandem config` prints
 * the effective settings with where each came from and secrets masked; a config file's values
 * reach the commands under the environment and the flags; an unknown key or an invalid value
 * stops any command at startup, naming it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-config-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without any TANDEM_ setting of the test run itself. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TANDEM_'))),
  ...extra,
});

const tandem = (args: string[], env: Record<string, string> = {}) => spawnSync(join(REPO_ROOT, 'bin', 'tandem'), args, { cwd: dir, encoding: 'utf8', env: cleanEnv(env) });

describe('tandem config', () => {
  it('prints file, environment and default values with their source, secrets masked', () => {
    writeFileSync(join(dir, 'tandem.config.json'), JSON.stringify({ port: 9001, store: 'postgres', pgUrl: 'postgres://me:hunter2@db:5432/tandem', token: 'tok-123' }));
    const run = tandem(['config', '--json'], { TANDEM_PORT: '9002' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as { file: string; settings: Record<string, { value: string | null; source: string; env: string }> };
    expect(out.file).toBe(join(dir, 'tandem.config.json'));
    expect(out.settings['port']).toEqual({ value: '9002', source: 'env', env: 'TANDEM_PORT' });
    expect(out.settings['store']).toEqual({ value: 'postgres', source: 'file', env: 'TANDEM_STORE' });
    expect(out.settings['pgUrl']?.value).toBe('postgres://me:***@db:5432/tandem');
    expect(out.settings['token']?.value).toBe('***');
    expect(out.settings['host']).toMatchObject({ value: null, source: 'default' });
    expect(run.stdout).not.toContain('hunter2');
    expect(run.stdout).not.toContain('tok-123');
    const table = tandem(['config']);
    expect(table.stdout).toMatch(/^port\s+9001\s+file\s+TANDEM_PORT/m);
    expect(table.stdout).not.toContain('hunter2');
    rmSync(join(dir, 'tandem.config.json'));
  });

  it('applies a --config file to a command under its flags', () => {
    const db = join(dir, 'from-config.db');
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ db }));
    const missing = tandem(['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m', '--config', 'c.json']);
    expect(missing.stderr).toContain(`no SQLite file at ${db}`);
    const flag = tandem(['export', 'bars', '--symbol', 'BTCUSDT', '--tf', '1m', '--config', 'c.json', '--db', join(dir, 'flag.db')]);
    expect(flag.stderr).toContain(`no SQLite file at ${join(dir, 'flag.db')}`);
  });

  it('stops any command at startup on an unknown key or an invalid value, naming it', () => {
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ prot: 9000 }));
    const typo = tandem(['serve', '--config', 'typo.json']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain("unknown key 'prot' (did you mean 'port'?)");
    const bad = tandem(['compute'], { TANDEM_JOB_WORKERS: '0' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('TANDEM_JOB_WORKERS must be an integer ≥ 1 (got 0)');
    const noFile = tandem(['config', '--config', 'nope.json']);
    expect(noFile.stderr).toContain('no such file');
  });
});
