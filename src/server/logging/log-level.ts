/**
 * The log level a process runs at: `--log-level` or `TANDEM_LOG_LEVEL`, default `info`.
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';

/** pino's levels, most verbose first, and `silent` for none at all. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/**
 * Parses a level named by `where` (`--log-level`, `TANDEM_LOG_LEVEL`); case and surrounding
 * blanks do not matter, an empty or absent value is the default.
 *
 * @example
 *   parseLogLevel('WARN', '--log-level'); // { ok: true, value: 'warn' }
 *   parseLogLevel('loud', '--log-level'); // error: "--log-level 'loud' is not a log level: trace, ..."
 */
export function parseLogLevel(text: string | undefined, where: string): Result<LogLevel> {
  const t = (text ?? '').trim().toLowerCase();
  if (t === '') return ok(DEFAULT_LOG_LEVEL);
  const level = LOG_LEVELS.find((l) => l === t);
  if (level === undefined) return err({ code: 'invalid_log_level', message: `${where} '${text}' is not a log level: ${LOG_LEVELS.join(', ')}` });
  return ok(level);
}
