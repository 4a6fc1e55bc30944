/**
 * Confines file paths that arrive over the network (the replay path of
 * `POST /api/ingestion/start`) to the server's data directory: `TANDEM_DATA_DIR`, or `data/`
 * under the working directory. The CLI (`tandem import`, `tandem export`) takes any path: its
 * input is the user's own shell, not a remote request.
 * @module
 */

import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { TandemError } from '../../core/tandem-error.js';

/** The data directory a server confines remote paths to, as an absolute path. */
export function dataDirFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const raw = env['TANDEM_DATA_DIR'];
  return resolve(raw === undefined || raw === '' ? 'data' : raw);
}

function invalidPath(path: string, why: string): TandemError {
  return new TandemError('invalid_path', `path '${path.replaceAll('\0', '\\0')}' ${why}`);
}

/** True when `child` is `root` or lies inside it (both absolute, normalised). */
function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The real path of `path` (relative paths are taken from `dataDir`) when it names an existing
 * file inside `dataDir`; otherwise a `TandemError` with code `invalid_path` naming the path.
 * Rejected: NUL bytes, any `..` segment, absolute paths outside the directory, and symbolic
 * links (of the file or of a folder on its way) that lead outside it. The caller opens the
 * returned real path, not the one it was given.
 */
export function confineToDataDir(path: string, dataDir: string): string {
  if (path.includes('\0')) throw invalidPath(path, 'contains a NUL byte');
  if (path.split(/[\\/]/).includes('..')) throw invalidPath(path, "contains '..'; give a path inside the data directory");
  let root: string;
  try {
    root = realpathSync(dataDir);
  } catch {
    throw invalidPath(path, `cannot be read: the data directory ${dataDir} does not exist (TANDEM_DATA_DIR)`);
  }
  const wanted = resolve(root, path);
  if (!isInside(root, wanted) && !isInside(resolve(dataDir), wanted)) throw invalidPath(path, `is outside the data directory ${dataDir} (TANDEM_DATA_DIR)`);
  let real: string;
  try {
    real = realpathSync(wanted);
  } catch {
    throw invalidPath(path, `does not exist in the data directory ${dataDir}`);
  }
  if (!isInside(root, real)) throw invalidPath(path, `leads outside the data directory ${dataDir} through a symbolic link`);
  return real;
}
