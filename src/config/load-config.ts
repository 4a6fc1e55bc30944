/**
 * The one place Tandem's settings are read and checked: a config file (`--config <file>`,
 * env `TANDEM_CONFIG`, else `tandem.config.json` in the working directory when it exists),
 * then the environment, then each command's flags (which commander applies over both).
 *
 * Every value is checked against its setting's schema and grammar (config-schema.ts) before
 * any command runs, so a typo is a startup error that names the key, the variable or the file,
 * never a default silently used. The file's values are then written into the environment for
 * settings the environment leaves unset: the code keeps reading `process.env`, and the
 * precedence file < env < flags holds without each reader knowing about files.
 *
 * An unknown key in the file is an error; an unknown `TANDEM_*` variable is only a warning
 * (the environment is shared with other tools and the test harness), with the nearest setting
 * as a suggestion.
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Value from 'typebox/value';
import { TandemError } from '../core/tandem-error.js';
import { DEFAULT_CONFIG_FILE, SETTING_BY_ENV, SETTING_BY_KEY, SETTINGS, type Setting } from './config-schema.js';

export type ConfigSource = 'default' | 'file' | 'env';

export interface EffectiveSetting {
  readonly setting: Setting;
  /** The value as the code will read it (the environment's text), or undefined when unset. */
  readonly value: string | undefined;
  readonly source: ConfigSource;
}

export interface EffectiveConfig {
  /** The config file read, or null. */
  readonly file: string | null;
  readonly settings: readonly EffectiveSetting[];
  /** Unknown `TANDEM_*` variables, each with a suggestion. */
  readonly warnings: readonly string[];
}

type Env = Record<string, string | undefined>;

/** What a literal union allows, for messages: `one of sqlite, postgres`. */
function describeSchema(s: Setting): string {
  const schema = s.schema as { anyOf?: { const?: unknown }[]; type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; pattern?: string };
  if (schema.anyOf !== undefined) return `one of ${schema.anyOf.map((a) => String(a.const)).join(', ')}`;
  const bounds = [schema.minimum !== undefined ? `≥ ${schema.minimum}` : '', schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : '', schema.maximum !== undefined ? `≤ ${schema.maximum}` : ''].filter((b) => b !== '').join(' and ');
  if (schema.type === 'integer') return `an integer${bounds === '' ? '' : ` ${bounds}`}`;
  if (schema.type === 'number') return `a number${bounds === '' ? '' : ` ${bounds}`}`;
  if (schema.pattern !== undefined) return `text matching ${schema.pattern}`;
  return 'non-empty text';
}

/** An environment value in the setting's JSON type: numbers for numeric settings. */
function coerce(s: Setting, text: string): unknown {
  const type = (s.schema as { type?: string }).type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text.trim())) return Number(text.trim());
  return text;
}

/** Null when `value` is a valid `s`, else why not. */
export function checkSetting(s: Setting, value: unknown): string | null {
  if (!Value.Check(s.schema, value)) return `must be ${describeSchema(s)} (got ${JSON.stringify(value)})`;
  return s.check?.(value) ?? null;
}

/** Levenshtein distance, for "did you mean" on unknown names. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

function nearest(name: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of names) {
    const dist = distance(name.toLowerCase(), n.toLowerCase());
    if (dist < bestD) [best, bestD] = [n, dist];
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** Variables the test harness and CI set for themselves: not settings, not worth a warning. */
const HARNESS_PREFIXES = ['TANDEM_TEST_', 'TANDEM_CRASH_', 'TANDEM_CONFIG'];

/** `--config <file>` / `--config=<file>` anywhere in `argv`: the file, and `argv` without it. */
export function takeConfigFlag(argv: readonly string[]): { file: string | undefined; argv: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') {
      file = argv[i + 1];
      if (file === undefined || file.startsWith('-')) throw new TandemError('invalid_request', '--config needs a file: --config tandem.config.json');
      i++;
    } else if (a.startsWith('--config=')) file = a.slice('--config='.length);
    else rest.push(a);
  }
  return { file, argv: rest };
}

/** Reads and checks a config file: a JSON object of known keys with valid values. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TandemError('invalid_request', `config file ${path}: cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new TandemError('invalid_request', `config file ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TandemError('invalid_request', `config file ${path}: must be a JSON object of settings`);
  const obj = parsed as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    const s = SETTING_BY_KEY.get(key);
    if (s === undefined) {
      const hint = nearest(key, [...SETTING_BY_KEY.keys()]);
      throw new TandemError('invalid_request', `config file ${path}: unknown key '${key}'${hint === null ? '' : ` (did you mean '${hint}'?)`}; the keys are listed by \`tandem config\``);
    }
    const why = checkSetting(s, value);
    if (why !== null) throw new TandemError('invalid_request', `config file ${path}: ${key} ${why}`);
  }
  return obj;
}

/**
 * The effective settings from `file` (or the default file when it exists) and `env`; throws a
 * `TandemError` naming the first invalid key or variable.
 */
export function loadConfig(opts: { file?: string | undefined; env: Env; cwd?: string }): EffectiveConfig {
  const cwd = opts.cwd ?? process.cwd();
  const named = opts.file ?? (opts.env['TANDEM_CONFIG'] === undefined || opts.env['TANDEM_CONFIG'] === '' ? undefined : opts.env['TANDEM_CONFIG']);
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  const file = named !== undefined ? resolve(cwd, named) : existsSync(fallback) ? fallback : null;
  if (named !== undefined && !existsSync(file!)) throw new TandemError('invalid_request', `config file ${file}: no such file (--config / TANDEM_CONFIG)`);
  const fromFile = file === null ? {} : readConfigFile(file);
  const settings: EffectiveSetting[] = [];
  for (const s of SETTINGS) {
    const envText = opts.env[s.env];
    if (envText !== undefined && envText !== '') {
      const why = checkSetting(s, coerce(s, envText));
      if (why !== null) throw new TandemError('invalid_request', `${s.env} ${why}`);
      settings.push({ setting: s, value: envText, source: 'env' });
    } else if (s.key in fromFile) {
      settings.push({ setting: s, value: String(fromFile[s.key]), source: 'file' });
    } else settings.push({ setting: s, value: undefined, source: 'default' });
  }
  const warnings: string[] = [];
  for (const name of Object.keys(opts.env)) {
    if (!name.startsWith('TANDEM_') || SETTING_BY_ENV.has(name) || HARNESS_PREFIXES.some((p) => name.startsWith(p))) continue;
    const hint = nearest(name, [...SETTING_BY_ENV.keys()]);
    if (hint !== null) warnings.push(`${name} is not a Tandem setting (did you mean ${hint}?)`);
  }
  return { file, settings, warnings };
}

/** Writes the file's values into `env` where it has none, so every reader sees file < env. */
export function applyConfig(config: EffectiveConfig, env: Env): void {
  for (const e of config.settings) if (e.source === 'file' && e.value !== undefined) env[e.setting.env] = e.value;
}

/** A secret as `tandem config` prints it: `***`, or a URL with its password masked. */
export function maskSecret(s: Setting, value: string): string {
  if (s.secret === 'whole') return value === '' ? '' : '***';
  if (s.secret === 'url-password') {
    try {
      const u = new URL(value);
      if (u.password !== '') u.password = '***';
      return u.toString();
    } catch {
      return '***';
    }
  }
  return value;
}

let current: EffectiveConfig | null = null;

/** Remembers the configuration the process started with (the CLI's entry point sets it). */
export function setStartupConfig(config: EffectiveConfig): void {
  current = config;
}

/** The configuration the process started with, or one read now from the environment. */
export function startupConfig(): EffectiveConfig {
  return current ?? loadConfig({ env: process.env });
}
