import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';

interface CliAnswer {
  readonly code: number | null;
  readonly body: Record<string, unknown>;
  readonly stdout: string;
}

/** Runs `./bin/tandem compute` with `stdin` as its standard input, as a user's pipe would. */
function compute(stdin: string): Promise<CliAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, 'bin', 'tandem'), ['compute'], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, body: JSON.parse(stdout) as Record<string, unknown>, stdout });
      } catch {
        reject(new Error(`stdout is not one JSON object (exit ${code}): ${stdout}\nstderr: ${stderr}`));
      }
    });
    child.stdin.end(stdin);
  });
}

// Drives the built CLI (`npm test` builds first) through stdin and stdout.
describe('./bin/tandem compute', () => {
  it('answers an ols request with exit 0 and the contract fields', async () => {
    const { code, body } = await compute(JSON.stringify({ op: 'ols', input: { x: [1, 2, 3, 4, 5], y: [2.1, 3.9, 6.2, 7.8, 10.1] } }));
    expect(code).toBe(0);
    expect(Object.keys(body)).toEqual(['intercept', 'slope', 'intercept_se', 'slope_se', 'r2', 'resid_std', 'nobs']);
    expect(body.slope).toBeCloseTo(1.99, 12);
    expect(body.nobs).toBe(5);
  });

  it('writes non-finite results as null', async () => {
    const { code, stdout } = await compute(JSON.stringify({ op: 'rolling_zscore', input: { series: [1, 2, 3] }, options: { window: 2 } }));
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('{"mean":[null,1.5,2.5],"std":[null,0.7071067811865476,0.7071067811865476],"z":[null,0.7071067811865475,0.7071067811865475]}');
  });

  it.each([
    ['invalid_input', '{"op": "ols", "input": {"x": [1, 2, 3], "y": [1, 2]}}'],
    ['invalid_input', 'this is not json'],
    ['insufficient_data', '{"op": "ols", "input": {"x": [1, 2], "y": [1, 2]}}'],
    ['degenerate_input', '{"op": "adf", "input": {"series": [5, 5, 5, 5, 5, 5]}}'],
    ['unknown_op', '{"op": "no_such_op", "input": {}}'],
  ])('answers %s on stdout with exit status 2', async (error, stdin) => {
    const { code, body } = await compute(stdin);
    expect(code).toBe(2);
    expect(body.error).toBe(error);
    expect(typeof body.message).toBe('string');
  });
});
