import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTING_BY_KEY } from './config-schema.js';
import { applyConfig, loadConfig, maskSecret, takeConfigFlag } from './load-config.js';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const valueOf = (c: ReturnType<typeof loadConfig>, key: string) => c.settings.find((e) => e.setting.key === key);

describe('loadConfig', () => {
  it('reads ./tandem.config.json, lets the environment override it, and writes the rest into the environment', () => {
    const cwd = dirWith({ 'tandem.config.json': JSON.stringify({ port: 9000, store: 'postgres', pgUrl: 'postgres://u:secret@db:5432/t', backfill: '7d' }) });
    const env: Record<string, string | undefined> = { TANDEM_PORT: '9100' };
    const c = loadConfig({ env, cwd });
    expect(c.file).toBe(join(cwd, 'tandem.config.json'));
    expect(valueOf(c, 'port')).toMatchObject({ value: '9100', source: 'env' });
    expect(valueOf(c, 'store')).toMatchObject({ value: 'postgres', source: 'file' });
    expect(valueOf(c, 'host')).toMatchObject({ value: undefined, source: 'default' });
    applyConfig(c, env);
    expect(env).toEqual({ TANDEM_PORT: '9100', TANDEM_STORE: 'postgres', TANDEM_PG_URL: 'postgres://u:secret@db:5432/t', TANDEM_BACKFILL: '7d' });
  });

  it('refuses an unknown key in the file, naming it with the nearest key', () => {
    const cwd = dirWith({ 'x.json': JSON.stringify({ prot: 9000 }) });
    expect(() => loadConfig({ file: 'x.json', env: {}, cwd })).toThrow(/config file .*x\.json: unknown key 'prot' \(did you mean 'port'\?\)/);
  });

  it('refuses an invalid value by key or variable, with what it must be', () => {
    const cwd = dirWith({ 'a.json': JSON.stringify({ port: 'eighty' }), 'b.json': JSON.stringify({ store: 'mysql' }), 'c.json': JSON.stringify({ retainTicks: '0d' }), 'd.json': '{ "port": ' });
    expect(() => loadConfig({ file: 'a.json', env: {}, cwd })).toThrow(/a\.json: port must be an integer ≥ 0 and ≤ 65535 \(got "eighty"\)/);
    expect(() => loadConfig({ file: 'b.json', env: {}, cwd })).toThrow(/store must be one of sqlite, postgres \(got "mysql"\)/);
    expect(() => loadConfig({ file: 'c.json', env: {}, cwd })).toThrow(/retainTicks '0d' must be longer than 0/);
    expect(() => loadConfig({ file: 'd.json', env: {}, cwd })).toThrow(/d\.json: not JSON/);
    expect(() => loadConfig({ file: 'missing.json', env: {}, cwd })).toThrow(/no such file/);
    expect(() => loadConfig({ env: { TANDEM_PORT: '80a' }, cwd })).toThrow(/TANDEM_PORT must be an integer/);
    expect(() => loadConfig({ env: { TANDEM_WEBHOOK_ALLOW: '10.0.0.0/99' }, cwd })).toThrow(/TANDEM_WEBHOOK_ALLOW.*prefix length/);
    expect(() => loadConfig({ env: { TANDEM_PG_URL: 'mysql://x' }, cwd })).toThrow(/TANDEM_PG_URL must be text matching/);
    expect(() => loadConfig({ env: { TANDEM_LOG_LEVEL: 'loud' }, cwd })).toThrow(/TANDEM_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent/);
  });

  it('warns of an unknown TANDEM_ variable that looks like a setting, and takes the file from TANDEM_CONFIG', () => {
    const cwd = dirWith({ 'conf.json': JSON.stringify({ host: '0.0.0.0' }) });
    const c = loadConfig({ env: { TANDEM_PROT: '1', TANDEM_CONFIG: 'conf.json', TANDEM_TEST_PG_URL: 'x' }, cwd });
    expect(c.warnings).toEqual(['TANDEM_PROT is not a Tandem setting (did you mean TANDEM_PORT?)']);
    expect(valueOf(c, 'host')).toMatchObject({ value: '0.0.0.0', source: 'file' });
  });
});

describe('takeConfigFlag and maskSecret', () => {
  it('takes --config from anywhere in the arguments', () => {
    expect(takeConfigFlag(['serve', '--config', 'a.json', '--port', '1'])).toEqual({ file: 'a.json', argv: ['serve', '--port', '1'] });
    expect(takeConfigFlag(['--config=b.json', 'config'])).toEqual({ file: 'b.json', argv: ['config'] });
    expect(() => takeConfigFlag(['serve', '--config'])).toThrow(/--config needs a file/);
  });

  it('masks a token whole and a URL password only', () => {
    expect(maskSecret(SETTING_BY_KEY.get('token')!, 'abc')).toBe('***');
    expect(maskSecret(SETTING_BY_KEY.get('pgUrl')!, 'postgres://u:secret@db:5432/t')).toBe('postgres://u:***@db:5432/t');
    expect(maskSecret(SETTING_BY_KEY.get('redisUrl')!, 'redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(maskSecret(SETTING_BY_KEY.get('port')!, '8501')).toBe('8501');
  });
});

describe('docs/configuration.md', () => {
  it('lists every setting with its variable', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');
    for (const s of SETTING_BY_KEY.values()) expect(doc).toContain(`| \`${s.key}\` | \`${s.env}\` |`);
  });
});
