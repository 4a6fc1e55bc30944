/**
 * The process's root pino logger, the one Fastify logs requests with (`loggerInstance`) and
 * whose children every component writes to (`core/logger.ts`).
 *
 * Lines are JSON on stdout, one per event, written synchronously so the last lines before an
 * exit are not lost; when stdout is a terminal they go through pino-pretty instead, which is
 * loaded only then. Secrets never reach a line: the `token` query parameter of a logged URL
 * (the request serializer), the `authorization` and `cookie` headers, and any field named
 * `token` or `password` up to three levels deep are replaced by `[REDACTED]`.
 * @module
 */

import type { IncomingMessage } from 'node:http';
import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from './log-level.js';
import { REDACTED, redactUrl } from './redact-url.js';

export interface RootLoggerOptions {
  readonly level: LogLevel;
  /** Where lines go (tests capture them); default stdout. */
  readonly destination?: DestinationStream;
  /** Human-readable lines via pino-pretty; default: when stdout is a terminal and no destination is given. */
  readonly pretty?: boolean;
}

/** Paths pino masks wherever they appear. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'token',
  'password',
  '*.token',
  '*.password',
  '*.*.token',
  '*.*.password',
];

/** A request as logged: Fastify's fields, with the URL's token masked. */
interface LoggedRequest {
  readonly method: string | undefined;
  readonly url: string;
  readonly host: string | undefined;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
}

/** Fastify hands its own request object; the raw `IncomingMessage` also fits this shape. */
interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly headers?: IncomingMessage['headers'];
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string; readonly remotePort?: number };
}

export function serializeRequest(req: RequestLike): LoggedRequest {
  return {
    method: req.method,
    url: redactUrl(req.url ?? ''),
    host: req.host ?? req.headers?.host,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    remotePort: req.socket?.remotePort,
  };
}

export async function createRootLogger(opts: RootLoggerOptions): Promise<PinoLogger> {
  const options = {
    level: opts.level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest, err: stdSerializers.err },
  };
  if (opts.destination !== undefined) return pino(options, opts.destination);
  if (opts.pretty ?? process.stdout.isTTY === true) {
    // Only a terminal pays for loading pino-pretty (and needs it installed).
    const { default: pretty } = await import('pino-pretty');
    return pino(options, pretty({ sync: true, colorize: true, destination: 1 }));
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}
