import { afterEach, describe, expect, it, vi } from 'vitest';
import { componentLogger, rootLogger, setRootLogger, type LogFn, type Logger } from './logger.js';

/** A logger that records each call with the bindings of its chain of children. */
function recorder(calls: unknown[][], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string): LogFn => ((...args: unknown[]) => void calls.push([level, bindings, ...args])) as LogFn;
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: (more) => recorder(calls, { ...bindings, ...more }) };
}

describe('componentLogger', () => {
  const original = rootLogger();
  afterEach(() => setRootLogger(original));

  it('writes to the root installed when it logs, not the one there when it was made', () => {
    const log = componentLogger('store');
    const first: unknown[][] = [];
    setRootLogger(recorder(first));
    log.warn({ rows: 3 }, 'slow');
    const second: unknown[][] = [];
    setRootLogger(recorder(second));
    log.info('again');
    expect(first).toEqual([['warn', { component: 'store' }, { rows: 3 }, 'slow']]);
    expect(second).toEqual([['info', { component: 'store' }, 'again']]);
  });

  it('passes its component on to its own children', () => {
    const calls: unknown[][] = [];
    setRootLogger(recorder(calls));
    componentLogger('ingest').child({ symbol: 'BTCUSDT' }).error('down');
    expect(calls).toEqual([['error', { component: 'ingest', symbol: 'BTCUSDT' }, 'down']]);
  });
});

describe('the root before one is installed', () => {
  it('writes warnings and errors to stderr as JSON lines, with the error, and drops the rest', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const log = rootLogger().child({ component: 'store' });
      log.info('not shown');
      log.debug({ x: 1 }, 'not shown');
      log.warn({ err: new Error('disk full') }, 'write failed');
      expect(spy).toHaveBeenCalledTimes(1);
      const line = JSON.parse(String(spy.mock.calls[0]![0])) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'warn', component: 'store', msg: 'write failed', err: { type: 'Error', message: 'disk full' } });
    } finally {
      spy.mockRestore();
    }
  });
});
