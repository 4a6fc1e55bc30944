/**
 * Facts about the installed package: its version and where the built web app lives.
 * @module
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (package) root: two levels above this file in both src/ and dist/. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The dashboard built by `npm run build:web`. */
export const WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');
