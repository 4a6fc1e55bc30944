/**
 * `npm run lint:openapi`: builds the server in-process on an in-memory SQLite store, writes its
 * OpenAPI document (`app.swagger()`, the same as `GET /api/docs/json`) to a temporary file, and
 * lints it with Redocly's recommended ruleset. Exits with Redocly's status, so errors fail CI.
 * `--out <file>` keeps the document there instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveEngine } from '../src/engine/live-engine.js';
import { buildServer } from '../src/server/build-server.js';

const outFlag = process.argv.indexOf('--out');
const dir = mkdtempSync(join(tmpdir(), 'tandem-openapi-'));
const file = outFlag >= 0 && process.argv[outFlag + 1] !== undefined ? process.argv[outFlag + 1]! : join(dir, 'openapi.json');

const engine = new LiveEngine({ dbPath: ':memory:', seed: 1 });
const app = await buildServer({ engine, version: process.env['npm_package_version'] ?? 'dev' });
await app.ready();
writeFileSync(file, JSON.stringify(app.swagger(), null, 2));
await app.close();
await engine.close();

const lint = spawnSync(join('node_modules', '.bin', 'redocly'), ['lint', '--extends=recommended', file], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exitCode = lint.status ?? 1;
