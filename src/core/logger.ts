/**
 * `Logger`: the logging port every layer writes to, and the process's root logger.
 *
 * The port is the subset of pino's logger Tandem uses (pino's `Logger` satisfies it), so the
 * lower layers name no logging library. Logging is cross-cutting: rather than thread a logger
 * through every store, writer and source constructor, a module asks for
 * `componentLogger('store')` once, and each call goes to the root the command line installed
 * (`setRootLogger`, see `server/logging/root-logger.ts`) as a child with `component` set.
 * Until one is installed (library use, tests, the one-shot commands) the root writes warnings
 * and errors as JSON lines to stderr and drops the rest, so a command's stdout stays its product.
 *
 * @example
 *   const log = componentLogger('ingest');
 *   log.info({ event: 'ingestion_state', from: 'starting', to: 'live', reason: null }, 'ingestion live');
 *   log.error({ err }, 'bar seed failed');
 * @module
 */

/** Structured fields first, then the message, as pino takes them. */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

export interface Logger {
  trace: LogFn;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  fatal: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const FALLBACK_LEVELS = ['warn', 'error', 'fatal'] as const;

/** An `Error` as plain fields (JSON.stringify drops its own properties). */
function plain(value: unknown): unknown {
  return value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
}

/** The root before one is installed: warn and above as JSON lines on stderr. */
function fallbackLogger(bindings: Record<string, unknown>): Logger {
  const at = (level: string): LogFn =>
    ((fieldsOrMessage: object | string, message?: string): void => {
      if (!(FALLBACK_LEVELS as readonly string[]).includes(level)) return;
      const fields = typeof fieldsOrMessage === 'string' ? {} : Object.fromEntries(Object.entries(fieldsOrMessage).map(([k, v]) => [k, plain(v)]));
      const msg = typeof fieldsOrMessage === 'string' ? fieldsOrMessage : message;
      console.error(JSON.stringify({ level, time: Date.now(), ...bindings, ...fields, ...(msg === undefined ? {} : { msg }) }));
    }) as LogFn;
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => fallbackLogger({ ...bindings, ...more }),
  };
}

let root: Logger = fallbackLogger({});
let generation = 0;

/** Installs the process's root logger (the CLI's `serve` and `ingest` do, once, at start). */
export function setRootLogger(logger: Logger): void {
  root = logger;
  generation++;
}

/** The root logger installed now. */
export function rootLogger(): Logger {
  return root;
}

/**
 * A logger for one component (`ingest`, `bus`, `store`, ...): a child of whatever root is
 * installed when it logs, so modules may take theirs at import time, before the CLI has
 * installed the root.
 */
export function componentLogger(component: string): Logger {
  let child: Logger | null = null;
  let made = -1;
  const current = (): Logger => {
    if (child === null || made !== generation) {
      child = root.child({ component });
      made = generation;
    }
    return child;
  };
  const delegate = (level: keyof Omit<Logger, 'child'>): LogFn =>
    ((fieldsOrMessage: object | string, message?: string): void => {
      const l = current();
      if (typeof fieldsOrMessage === 'string') l[level](fieldsOrMessage);
      else l[level](fieldsOrMessage, message);
    }) as LogFn;
  return {
    trace: delegate('trace'),
    debug: delegate('debug'),
    info: delegate('info'),
    warn: delegate('warn'),
    error: delegate('error'),
    fatal: delegate('fatal'),
    child: (bindings) => current().child(bindings),
  };
}
