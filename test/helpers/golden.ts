/**
 * Reads golden reference files from test/golden/ (made by the Python scripts beside them).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readGolden<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'golden', relativePath), 'utf8')) as T;
}

/** |a − b| ≤ tol · max(1, |b|): relative for large values, absolute near zero. */
export function closeTo(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
