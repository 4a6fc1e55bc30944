/**
 * Runs `./bin/tandem <args>` (the built CLI in dist/) as a child process for multi-process
 * tests: its output is collected, `waitForOutput` polls it, `kill` sends any signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export class TandemProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
  ) {
    this.child = spawn(process.execPath, [join(ROOT, 'bin', 'tandem'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (b: Buffer): void => {
      this.output += b.toString();
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Waits until the output matches `pattern`; returns the match. */
  async waitForOutput(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    return waitFor(`${this.name} to print ${pattern}; it printed:\n${this.output}`, () => this.output.match(pattern) ?? undefined, timeoutMs);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.kill('SIGTERM');
    const t = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
  }
}
