/**
 * `tandem config [--json] [--all]`: the effective configuration (config file, then
 * environment; flags apply per command on top), each setting with its value, where it came
 * from and what it does, secrets masked. Checked at startup like every command's: an unknown
 * key or an invalid value never gets this far.
 * @module
 */

import type { Command } from 'commander';
import { maskSecret, startupConfig } from '../../config/load-config.js';

interface ConfigOptions {
  json: boolean;
  all: boolean;
}

export function registerConfigCommand(program: Command): void {
  program
    .command('config')
    .description('print the effective configuration (file < env < flags; secrets masked)')
    .option('--json', 'one JSON object: {file, settings: {key: {value, source, env}}, warnings}', false)
    .option('--all', 'also the developer and benchmark settings that are unset', false)
    .addHelpText('after', '\nThe file is --config <file> (any command), env TANDEM_CONFIG, else ./tandem.config.json when it exists: a JSON object of the keys listed here.')
    .action((opts: ConfigOptions) => printConfig(opts));
}

function printConfig(opts: ConfigOptions): void {
  const config = startupConfig();
  const shown = config.settings.filter((e) => opts.all || !e.setting.developer || e.value !== undefined);
  const value = (e: (typeof shown)[number]): string | null => (e.value === undefined ? null : maskSecret(e.setting, e.value));
  if (opts.json) {
    const settings = Object.fromEntries(shown.map((e) => [e.setting.key, { value: value(e), source: e.source, env: e.setting.env, ...(e.value === undefined && e.setting.defaultText !== undefined ? { default: e.setting.defaultText } : {}) }]));
    console.log(JSON.stringify({ file: config.file, settings, warnings: config.warnings }));
    return;
  }
  console.log(`config file: ${config.file ?? 'none (./tandem.config.json or --config <file>)'}`);
  const rows = shown.map((e) => [e.setting.key, value(e) ?? `(${e.setting.defaultText ?? 'unset'})`, e.source, e.setting.env, e.setting.help]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['key', 'value', 'from', 'env'][i]!.length));
  const line = (r: readonly string[]) => [0, 1, 2, 3].map((i) => r[i]!.padEnd(widths[i]!)).join('  ') + `  ${r[4]}`;
  console.log(line(['key', 'value', 'from', 'env', 'what']));
  for (const r of rows) console.log(line(r));
  for (const w of config.warnings) console.log(`warning: ${w}`);
}
