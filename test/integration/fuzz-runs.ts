/**
 * How many cases each fuzz target runs: `FUZZ_RUNS` (default 200, the CI size), or 10,000
 * per target through `npm run fuzz`. A failing case prints its seed and path; rerun it with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path>`.
 */
import fc from 'fast-check';

export function fuzzRuns(ciDefault = 200): number {
  const raw = process.env['FUZZ_RUNS'];
  if (raw === undefined || raw === '') return ciDefault;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`FUZZ_RUNS '${raw}' is not a positive integer`);
  return n;
}

/** fast-check parameters: the run count, and a fixed seed and path when FUZZ_SEED asks to replay one. */
export function fuzzParams(runs = fuzzRuns()): fc.Parameters<unknown> {
  const seed = process.env['FUZZ_SEED'];
  const path = process.env['FUZZ_PATH'];
  return { numRuns: runs, ...(seed ? { seed: Number(seed) } : {}), ...(path ? { path } : {}) };
}

/** Prints how many cases a target ran, so CI logs and `npm run fuzz` show the counts. */
export function reportRuns(target: string, runs: number): void {
  console.log(`fuzz ${target}: ${runs} cases`);
}

/** Numbers and number-like strings that break parsers: NaN, infinities, exponents, huge, signed, localised. */
export const NASTY_NUMBER_TEXT = [
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e309', '-1e309', '1e5', '1E-7', '1e+2', '0', '0.0', '-0', '-1', '-0.5', '+1', '',
  ' ', ' 1.5', '1.5 ', '1,5', '1.234,56', '0x1A', '0b11', '1_000', '.5', '1.', '١٢٣', '９', '1e', 'e5', '--1', '1..2', '\u00001',
  '9'.repeat(400), `0.${'0'.repeat(400)}1`, '179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
];

/** Arbitrary JSON-ish values of the wrong kind for any field. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_NUMBER_TEXT),
  fc.constantFrom(null, true, false, [], {}, Number.MAX_VALUE, Number.MIN_VALUE, -1, 0, 1.5, 2 ** 53, 2 ** 64, -(2 ** 63), 1e308),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Text nested `depth` levels deep: `[[[...]]]` or `{"a":{"a":...}}`. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A test timeout for `cases` runs of `msPerCase` each, never below the integration default. */
export function fuzzTimeout(msPerCase: number, cases = fuzzRuns()): number {
  return Math.max(60_000, Math.ceil(cases * msPerCase));
}
