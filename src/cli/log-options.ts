/**
 * The logging option of the long-running commands (`serve`, `ingest`): `--log-level` (env
 * `TANDEM_LOG_LEVEL`, default `info`), and the root logger it opens. The one-shot commands
 * keep the fallback root of `core/logger.ts` (warnings and errors on stderr), so their stdout
 * stays their output.
 * @module
 */

import type { Command } from 'commander';
import type { Logger as PinoLogger } from 'pino';
import { setRootLogger } from '../core/logger.js';
import { LOG_LEVELS, parseLogLevel } from '../server/logging/log-level.js';
import { createRootLogger } from '../server/logging/root-logger.js';

export interface LogOptions {
  logLevel?: string;
}

export function withLogOptions(cmd: Command): Command {
  return cmd.option('--log-level <level>', `least severe log lines written: ${LOG_LEVELS.join(', ')} (env TANDEM_LOG_LEVEL; default info)`);
}

/**
 * Opens the root logger at the level asked for (the flag, else the environment) and installs
 * it for every component; an invalid level is an error naming where it came from.
 */
export async function openRootLogger(opts: LogOptions, env: Readonly<Record<string, string | undefined>> = process.env): Promise<PinoLogger> {
  const fromFlag = opts.logLevel !== undefined;
  const level = parseLogLevel(fromFlag ? opts.logLevel : env['TANDEM_LOG_LEVEL'], fromFlag ? '--log-level' : 'TANDEM_LOG_LEVEL');
  if (!level.ok) throw new Error(level.error.message);
  const logger = await createRootLogger({ level: level.value });
  setRootLogger(logger);
  return logger;
}
