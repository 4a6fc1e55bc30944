/**
 * The container image's recipe (issue 15, item 6), checked without a Docker daemon (there is
 * none on the test machines, so the image itself is not built here): its stages, what each
 * installs, copies and runs, the user it runs as, its health check, and that `.dockerignore`
 * lets in what the Dockerfile copies and nothing private. `deploy-healthcheck.test.ts` runs the
 * health check against a real server; the CLI flags in `CMD` are checked against `--help`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';
import { envOf, execForm, inBuildContext, parseStages, type Instruction, type Stage } from '../helpers/dockerfile.js';

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8');
const stages = parseStages(dockerfile);
const build = stages.find((s) => s.name === 'build');
const runtime = stages[stages.length - 1]!;

function all(stage: Stage | undefined, keyword: string): Instruction[] {
  return (stage?.instructions ?? []).filter((i) => i.keyword === keyword);
}
const runs = (stage: Stage | undefined): string => all(stage, 'RUN').map((i) => i.args).join('\n');

/** `COPY [--from=x] [--chown=...] src... dest` as its parts. */
function copyOf(ins: Instruction): { from: string | null; sources: string[]; dest: string } {
  const words = ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length) ?? null;
  return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1]! };
}

/** Flags a command accepts, read from its `--help` (the built CLI in dist/). */
function helpFlags(command: string): Set<string> {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'tandem'), command, '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tandem ${command} --help failed: ${run.stderr}`);
  return new Set(run.stdout.match(/--[a-z][a-z-]*/g) ?? []);
}

describe('Dockerfile', () => {
  it('builds in a build stage and runs from a second stage, both on node:20-bookworm-slim', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of stages) expect(s.image).toBe('node:20-bookworm-slim');
  });

  it('gives the build stage the toolchain better-sqlite3 compiles with, and installs from the lock file', () => {
    const r = runs(build);
    expect(r).toMatch(/apt-get install[^\n]*\bpython3\b/);
    expect(r).toMatch(/apt-get install[^\n]*\bmake\b/);
    expect(r).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(r).toMatch(/\bnpm ci\b/);
    // --ignore-scripts skips better-sqlite3's build too, so it must be rebuilt on its own.
    if (/npm ci[^\n]*--ignore-scripts/.test(r)) expect(r).toMatch(/npm rebuild better-sqlite3/);
  });

  it('builds, then prunes the dev dependencies before the runtime stage copies node_modules', () => {
    const r = runs(build);
    const built = r.indexOf('npm run build');
    const pruned = r.indexOf('npm prune --omit=dev');
    expect(built).toBeGreaterThan(-1);
    expect(pruned).toBeGreaterThan(built);
  });

  it('runs as a user other than root, set before the command', () => {
    const users = all(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.args.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    expect(users[users.length - 1]!.line).toBeLessThan(all(runtime, 'CMD')[0]!.line);
    expect(runs(runtime)).toMatch(new RegExp(`useradd[^\\n]*\\b${user}\\b`));
  });

  it('copies into the runtime only the built output, production node_modules, bin/, package.json and the health script', () => {
    const copies = all(runtime, 'COPY').map(copyOf);
    const fromBuild = copies.filter((c) => c.from === 'build').flatMap((c) => c.sources.map((s) => posix.relative('/src', s)));
    const fromContext = copies.filter((c) => c.from === null).flatMap((c) => c.sources);
    expect(fromBuild.sort()).toEqual(['bin', 'dist', 'node_modules', 'package.json']);
    expect(fromContext).toEqual(['deploy/healthcheck.mjs']);
    // The runtime installs nothing: no compiler, no package manager run.
    expect(runs(runtime)).not.toMatch(/apt-get install|npm (ci|install)/);
  });

  it('checks health with node and the health script (the slim image has no curl)', () => {
    const checks = all(runtime, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const cmd = execForm(checks[0]!.args.replace(/^.*?\bCMD\s+/, ''));
    expect(cmd).toEqual(['node', 'deploy/healthcheck.mjs']);
    expect(existsSync(join(REPO_ROOT, 'deploy', 'healthcheck.mjs'))).toBe(true);
    expect(checks[0]!.args).toMatch(/--interval=\d+s/);
    expect(checks[0]!.args).toMatch(/--start-period=\d+s/);
  });

  it('exposes the port serve listens on and keeps the SQLite file and data folder on the volume', () => {
    const env = envOf(runtime);
    expect(all(runtime, 'EXPOSE').map((i) => i.args)).toEqual([env.get('TANDEM_PORT')]);
    const volumes = all(runtime, 'VOLUME').flatMap((i) => execForm(i.args));
    expect(volumes).toEqual(['/data']);
    expect(dirname(env.get('TANDEM_DB') ?? '')).toBe('/data');
    expect(env.get('TANDEM_DATA_DIR')).toBe('/data');
    expect(runs(runtime)).toMatch(/chown [^\n]*\/data/);
  });

  it('starts `tandem serve` on 0.0.0.0 in exec form, with flags serve accepts', () => {
    const cmds = all(runtime, 'CMD');
    expect(cmds).toHaveLength(1);
    const cmd = execForm(cmds[0]!.args);
    expect(cmd.slice(0, 2)).toEqual(['./bin/tandem', 'serve']);
    expect(cmd[cmd.indexOf('--host') + 1]).toBe('0.0.0.0');
    const flags = helpFlags('serve');
    for (const flag of cmd.filter((a) => a.startsWith('--'))) expect(flags, flag).toContain(flag);
  });
});

describe('.dockerignore', () => {
  it('lets in every file the Dockerfile copies from the context', () => {
    const sources = stages.flatMap((s) => all(s, 'COPY').map(copyOf).filter((c) => c.from === null).flatMap((c) => c.sources));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) {
      expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
      expect(inBuildContext(dockerignore, source), source).toBe(true);
    }
    expect(inBuildContext(dockerignore, 'src/app.ts')).toBe(true);
    expect(inBuildContext(dockerignore, 'web/src/main.tsx')).toBe(true);
  });

  it.each(['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'dist/app.js', 'data/tandem.db', '.git/config', '.env', 'test/integration/x.test.ts', 'src/app.test.ts', 'tandem.db'])(
    'keeps %s out of the build context',
    (path) => expect(inBuildContext(dockerignore, path)).toBe(false),
  );
});
