/**
 * The `tandem` command line. Each command lives in `commands/` and is loaded only when run,
 * so `tandem compute` does not pay for the server's imports.
 * @module
 */

import { Command } from 'commander';
import { applyConfig, loadConfig, setStartupConfig, takeConfigFlag } from '../config/load-config.js';
import { VERSION } from './package-info.js';

// One validated configuration before any command reads a setting: the config file (--config,
// TANDEM_CONFIG or ./tandem.config.json) under the environment, flags over both (src/config).
let argv: string[];
try {
  const taken = takeConfigFlag(process.argv.slice(2));
  argv = taken.argv;
  const config = loadConfig({ file: taken.file, env: process.env });
  applyConfig(config, process.env);
  setStartupConfig(config);
  if (argv[0] === 'serve' || argv[0] === 'ingest') for (const w of config.warnings) console.error(`tandem: warning: ${w}`);
} catch (e) {
  console.error(`tandem: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

const program = new Command()
  .name('tandem')
  .description('Tandem: real-time analytics desk for pairs trading')
  .version(VERSION)
  .addHelpText('after', '\nEvery command takes --config <file> (default ./tandem.config.json when it exists); `tandem config` prints the effective settings.')
  .showHelpAfterError();

const commands: Record<string, () => Promise<(p: Command) => void>> = {
  serve: async () => (await import('./commands/serve-command.js')).registerServeCommand,
  compute: async () => (await import('./commands/compute-command.js')).registerComputeCommand,
  bench: async () => (await import('./commands/bench-command.js')).registerBenchCommand,
  import: async () => (await import('./commands/import-command.js')).registerImportCommand,
  export: async () => (await import('./commands/export-command.js')).registerExportCommand,
  backtest: async () => (await import('./commands/backtest-command.js')).registerBacktestCommand,
  screen: async () => (await import('./commands/screen-command.js')).registerScreenCommand,
  ingest: async () => (await import('./commands/ingest-command.js')).registerIngestCommand,
  retain: async () => (await import('./commands/retain-command.js')).registerRetainCommand,
  config: async () => (await import('./commands/config-command.js')).registerConfigCommand,
};

// Register only the command being run (all of them for --help), so start-up stays fast.
const asked = argv[0];
const wanted = asked !== undefined && asked in commands ? [asked] : Object.keys(commands);
for (const name of wanted) (await commands[name]!())(program);

try {
  await program.parseAsync(argv, { from: 'user' });
} catch (e) {
  console.error(`tandem: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
