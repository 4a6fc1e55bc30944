/**
 * The `tandem` command line. Each command lives in `commands/` and is loaded only when run,
 * so `tandem compute` does not pay for the server's imports.
 * @module
 */

import { Command } from 'commander';
import { VERSION } from './package-info.js';

const program = new Command()
  .name('tandem')
  .description('Tandem: real-time analytics desk for pairs trading')
  .version(VERSION)
  .showHelpAfterError();

const commands: Record<string, () => Promise<(p: Command) => void>> = {
  serve: async () => (await import('./commands/serve-command.js')).registerServeCommand,
  compute: async () => (await import('./commands/compute-command.js')).registerComputeCommand,
  bench: async () => (await import('./commands/bench-command.js')).registerBenchCommand,
  import: async () => (await import('./commands/import-command.js')).registerImportCommand,
  export: async () => (await import('./commands/export-command.js')).registerExportCommand,
  backtest: async () => (await import('./commands/backtest-command.js')).registerBacktestCommand,
  ingest: async () => (await import('./commands/ingest-command.js')).registerIngestCommand,
  retain: async () => (await import('./commands/retain-command.js')).registerRetainCommand,
};

// Register only the command being run (all of them for --help), so start-up stays fast.
const asked = process.argv[2];
const wanted = asked !== undefined && asked in commands ? [asked] : Object.keys(commands);
for (const name of wanted) (await commands[name]!())(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  console.error(`tandem: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
