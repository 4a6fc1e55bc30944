/**
 * The z-score's entry and exit bands: checking what the user types, and the horizontal lines
 * to draw. A pair trade enters when |z| crosses `entry` and exits when it comes back to
 * `exit`, so 0 ≤ exit < entry.
 * @module
 */

import type { PairBands } from '../state/pair-tab-state';

export type BandsInput = { readonly ok: true; readonly bands: PairBands } | { readonly ok: false; readonly error: string };

/** Parses the two fields; the error names the field and the rule. */
export function parseBands(entryText: string, exitText: string): BandsInput {
  const entry = Number(entryText.trim());
  const exit = Number(exitText.trim());
  if (entryText.trim() === '' || !Number.isFinite(entry) || entry <= 0) return { ok: false, error: `entry must be a number above 0 (got '${entryText}')` };
  if (exitText.trim() === '' || !Number.isFinite(exit) || exit < 0) return { ok: false, error: `exit must be a number from 0 (got '${exitText}')` };
  if (exit >= entry) return { ok: false, error: `exit (${exit}) must be below entry (${entry})` };
  return { ok: true, bands: { entry, exit } };
}

export interface BandLine {
  readonly level: number;
  readonly kind: 'entry' | 'exit';
  readonly title: string;
}

/** Lines at ±entry and ±exit, or one exit line at 0 when exit is 0. */
export function bandLines(b: PairBands): BandLine[] {
  const lines: BandLine[] = [
    { level: b.entry, kind: 'entry', title: `+${b.entry}` },
    { level: -b.entry, kind: 'entry', title: `\u2212${b.entry}` },
  ];
  if (b.exit === 0) lines.push({ level: 0, kind: 'exit', title: '0' });
  else lines.push({ level: b.exit, kind: 'exit', title: `+${b.exit}` }, { level: -b.exit, kind: 'exit', title: `\u2212${b.exit}` });
  return lines;
}
