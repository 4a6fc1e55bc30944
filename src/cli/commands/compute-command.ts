/**
 * `tandem compute`: one analytics request as JSON on stdin, one JSON answer on stdout; exit 0
 * with a result, 2 with `{"error", "message"}` (COMPUTE.md). Loads only the analytics code.
 * @module
 */

import type { Command } from 'commander';
import { runCompute } from '../compute/run-compute.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerComputeCommand(program: Command): void {
  program
    .command('compute')
    .description('answer one analytics request: {"op", "input", "options"} as JSON on stdin (see docs/compute.md)')
    .action(async () => {
      const { output, exitCode } = runCompute(await readStdin());
      process.stdout.write(output + '\n');
      process.exitCode = exitCode;
    });
}
