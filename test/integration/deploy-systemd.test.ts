/**
 * The systemd unit example, `deploy/tandem.service` (issue 15, item 6): a non-root service
 * that restarts on failure, reads its secrets from an EnvironmentFile, runs hardened with the
 * whole file system read-only but for its data directory, and starts `tandem serve` with the
 * SQLite file inside that directory. (`systemd-analyze verify` on it reports nothing; it is
 * not run here because the test machines need not have systemd.)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

/** The unit's settings per section; a key set more than once keeps every value, in order. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      return;
    }
    const eq = line.indexOf('=');
    if (current === null || eq < 1) throw new Error(`tandem.service line ${i + 1}: not a setting in a section: '${line}'`);
    const key = line.slice(0, eq);
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1)]);
  });
  return sections;
}

const unit = parseUnit(readFileSync(join(REPO_ROOT, 'deploy', 'tandem.service'), 'utf8'));
const service = unit.get('Service') ?? new Map<string, string[]>();
/** The last value of `key` (systemd's rule for single-valued settings). */
const one = (key: string): string | undefined => service.get(key)?.at(-1);
const environment = new Map((service.get('Environment') ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const));

describe('deploy/tandem.service', () => {
  it('has the three sections and is wanted by multi-user.target', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('runs `tandem serve` as a user other than root', () => {
    expect(one('User')).toBeDefined();
    expect(['root', '0']).not.toContain(one('User'));
    expect(one('ExecStart')).toMatch(/\/bin\/tandem serve\b/);
  });

  it('restarts on failure and gives serve time to flush on SIGTERM', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(Number(one('TimeoutStopSec'))).toBeGreaterThanOrEqual(10);
  });

  it('reads its secrets from an EnvironmentFile that must exist', () => {
    const file = one('EnvironmentFile') ?? '';
    expect(file).toMatch(/^\/etc\/tandem\/\S+\.env$/);
  });

  it('is hardened: no new privileges, the file system read-only but for the data directory', () => {
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    // V8 compiles code at run time: MemoryDenyWriteExecute=yes would kill node.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('keeps the SQLite file and the data folder in the one writable, service-owned directory', () => {
    const dataDir = `/var/lib/${one('StateDirectory') ?? ''}`;
    expect(service.get('ReadWritePaths')).toEqual([dataDir]);
    expect(dirname(environment.get('TANDEM_DB') ?? '')).toBe(dataDir);
    expect(environment.get('TANDEM_DATA_DIR')).toBe(dataDir);
  });

  it('binds loopback unless told otherwise (a reverse proxy or TANDEM_HOST with the token exposes it)', () => {
    expect(environment.get('TANDEM_HOST')).toBe('127.0.0.1');
  });
});
