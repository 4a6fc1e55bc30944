/**
 * Parses WebSocket channel names: `bars:<SYMBOL>:<tf>`, `pair:<Y>:<X>:<tf>:<method>:<window>[:log]`
 * `backtest:<jobId>` (a sweep job's progress and result), `strategy:<id>` (a paper strategy's fills and equity),
 * `alerts` (fired alert events), `screener` (the live screener's rankings), `marks` (every
 * perpetual's mark price and funding, once a second) and `status`.
 * @module
 */

import { err, ok, type Result } from '../../core/result.js';
import { parseSymbol } from '../../model/market-symbol.js';
import { pairChannelName, parsePairSpec, type PairSpec } from '../../model/pair-spec.js';
import { parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';

export type StreamChannel =
  | { readonly kind: 'status'; readonly name: 'status' }
  | { readonly kind: 'alerts'; readonly name: 'alerts' }
  | { readonly kind: 'screener'; readonly name: 'screener' }
  | { readonly kind: 'marks'; readonly name: 'marks' }
  | { readonly kind: 'bars'; readonly name: string; readonly symbol: string; readonly tf: TimeframeSpec }
  | { readonly kind: 'pair'; readonly name: string; readonly spec: PairSpec }
  | { readonly kind: 'backtest'; readonly name: string; readonly jobId: string }
  | { readonly kind: 'strategy'; readonly name: string; readonly strategyId: string };

export function parseChannel(name: unknown): Result<StreamChannel> {
  if (typeof name !== 'string') return err({ code: 'invalid_channel', message: `channel ${describeNonString(name)} is not a string` });
  if (name === 'status') return ok({ kind: 'status', name: 'status' });
  if (name === 'alerts') return ok({ kind: 'alerts', name: 'alerts' });
  if (name === 'screener') return ok({ kind: 'screener', name: 'screener' });
  if (name === 'marks') return ok({ kind: 'marks', name: 'marks' });
  const parts = name.split(':');
  if (parts[0] === 'bars' && parts.length === 3) {
    const symbol = parseSymbol(parts[1]!);
    if (!symbol.ok) return err({ code: 'invalid_channel', message: `channel '${name}': ${symbol.error.message}` });
    const tf = parseTimeframe(parts[2]!);
    if (!tf.ok) return err({ code: 'invalid_channel', message: `channel '${name}': ${tf.error.message}` });
    return ok({ kind: 'bars', name: `bars:${symbol.value}:${tf.value.label}`, symbol: symbol.value, tf: tf.value });
  }
  if (parts[0] === 'pair' && (parts.length === 6 || (parts.length === 7 && parts[6] === 'log'))) {
    const window = /^[0-9]{1,6}$/.test(parts[5]!) ? Number(parts[5]) : Number.NaN;
    const spec = parsePairSpec({ y: parts[1]!, x: parts[2]!, tf: parts[3]!, method: parts[4]!, window, prices: parts[6] ?? 'raw' });
    if (!spec.ok) return err({ code: 'invalid_channel', message: `channel '${name.slice(0, 80)}': ${spec.error.message}` });
    return ok({ kind: 'pair', name: pairChannelName(spec.value), spec: spec.value });
  }
  if (parts[0] === 'strategy' && parts.length === 2 && /^[0-9A-Za-z-]{1,64}$/.test(parts[1]!)) return ok({ kind: 'strategy', name, strategyId: parts[1]! });
  if (parts[0] === 'backtest' && parts.length === 2 && /^[0-9A-Za-z-]{1,64}$/.test(parts[1]!)) return ok({ kind: 'backtest', name, jobId: parts[1]! });
  return err({ code: 'invalid_channel', message: `channel '${name.slice(0, 80)}' is not 'status', 'bars:<SYMBOL>:<tf>', 'pair:<Y>:<X>:<tf>:<method>:<window>[:log]', 'backtest:<jobId>', 'strategy:<id>', 'alerts', 'screener' or 'marks'` });
}

/**
 * A short description of a channel that is not a string. Not `JSON.stringify`: a client's
 * array nested ten thousand deep overflows the stack there, and that was an uncaught
 * exception in the socket handler, which ended the server.
 */
function describeNonString(value: unknown): string {
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') return '{object}';
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
