/**
 * The package ships type declarations (issue 15, item 6): `import { App } from 'tandem'` in a
 * consumer's TypeScript project typechecks, with the library's real types rather than `any`.
 *
 * The consumer is a throwaway project in a temp folder whose `node_modules/tandem` links to
 * this repository, as `npm install ../tandem` would; `tsc --noEmit` runs on it under `NodeNext`
 * (the `exports` map's `types` condition) and under the older `node10` resolution (the
 * top-level `types` field). `npm test` builds `dist/` first; run alone, the test builds the
 * server once when `dist/app.d.ts` is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Uses the library's exports the README shows, each with its declared type. */
const GOOD_CONSUMER = `
import { App, TandemError, type AlertEvent, type AlertRule, type ImportResult, type StoreConfig } from 'tandem';

const store: StoreConfig = { kind: 'sqlite', path: ':memory:' };

export async function main(): Promise<string> {
  const app = await App.open({ store });
  const off: () => void = app.onAlert((e: AlertEvent) => console.log(e.severity, e.message.length));
  const rule: AlertRule = await app.addAlertRule('zscore', { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', window: 60, threshold: 2 }, { severity: 'critical' });
  const events: AlertEvent[] = await app.alertEvents({ order: 'desc', limit: 10 });
  const imported: Promise<ImportResult> = app.uploadOhlcData('SOLUSDT-1m.csv', 'SOLUSDT', '1m');
  void imported.catch((e: unknown) => (e instanceof TandemError ? e.code : 'other'));
  off();
  await app.close();
  return rule.id + String(events.length);
}
`;

/** Two misuses the declarations must catch: they would pass silently if `tandem` were `any`. */
const BAD_CONSUMER = `
import { App } from 'tandem';

export const app = new App({ dbPath: 42 });
export const ready: Promise<number> = app.startIngestion(['BTCUSDT']);
`;

/**
 * Typechecks `good.ts` and `bad.ts` in one `tsc` run (a run costs seconds; the errors name
 * their file) in a throwaway consumer project resolving `tandem` with `compilerOptions`.
 */
function typecheckConsumer(root: string, name: string, compilerOptions: Readonly<Record<string, unknown>>): { status: number | null; output: string } {
  const dir = join(root, name);
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'tandem'), 'dir');
  symlinkSync(join(REPO_ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }));
  const tsconfig = { compilerOptions: { strict: true, noEmit: true, target: 'ES2022', skipLibCheck: true, types: ['node'], ...compilerOptions }, files: ['good.ts', 'bad.ts'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'good.ts'), GOOD_CONSUMER);
  writeFileSync(join(dir, 'bad.ts'), BAD_CONSUMER);
  const run = spawnSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the package as a TypeScript dependency', () => {
  const root = mkdtempSync(join(tmpdir(), 'tandem-consumer-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  beforeAll(() => {
    if (existsSync(join(REPO_ROOT, 'dist', 'app.d.ts'))) return;
    const build = spawnSync(process.execPath, [TSC, '-p', join(REPO_ROOT, 'tsconfig.build.json')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build:server failed:\n${build.stdout}${build.stderr}`);
  }, 120_000);

  it("names in package.json's types and exports a declaration file the build emits", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { types?: string; exports: Record<string, { types?: string; default?: string }> };
    const main = pkg.exports['.'];
    expect(main?.types).toBe('./dist/app.d.ts');
    expect(main?.default).toBe('./dist/app.js');
    expect(pkg.types).toBe(main?.types);
    expect(existsSync(join(REPO_ROOT, 'dist', 'app.d.ts'))).toBe(true);
  });

  it.each([
    ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
    ['node10', { module: 'ES2022', moduleResolution: 'node10', esModuleInterop: true }],
  ])('a consumer resolving with %s typechecks against the declarations, which catch misuse', (name, options) => {
    const { status, output } = typecheckConsumer(root, name, options);
    expect(status).not.toBe(0);
    // The correct use typechecks; 'tandem' resolves to declarations, not to an implicit any.
    expect(output).not.toMatch(/good\.ts/);
    expect(output).not.toMatch(/TS7016|TS2307/);
    // TS2322: 42 is not the `string` dbPath; Promise<void> is not Promise<number>.
    expect(output).toMatch(/bad\.ts\(4,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(output).toMatch(/bad\.ts\(5,\d+\): error TS2322: Type 'Promise<void>' is not assignable to type 'Promise<number>'/);
  });
});
