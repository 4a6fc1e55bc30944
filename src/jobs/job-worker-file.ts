/**
 * The file piscina loads in each worker: `job-worker.js` beside this module when running from
 * the compiled `dist/`; under vitest (TypeScript sources) a small boot module, written once to
 * the temp folder, that registers tsx's loader and re-exports the `.ts` worker. The same idea
 * as `engine/start-worker.ts`, which piscina cannot use because it takes a file, not code.
 * @module
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let boot: string | null = null;

export function jobWorkerFile(): string {
  const js = new URL('./job-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return fileURLToPath(js);
  if (boot !== null) return boot;
  const tsUrl = js.href.replace(/\.js$/, '.ts');
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-jobs-')), 'job-worker-boot.mjs');
  writeFileSync(file, `const api = await import(${JSON.stringify(tsx)});\napi.register();\nconst m = await import(${JSON.stringify(tsUrl)});\nexport default m.default;\n`);
  boot = file;
  return file;
}
