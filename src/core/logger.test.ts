import { afterEach, describe, expect, it } from 'vitest';
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
