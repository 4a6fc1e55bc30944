/**
 * The Strategies panel as plain data: one row per paper strategy (pair, rule, state, position,
 * unrealised and realised PnL, today's trades), PnL as shown (signed, two decimals, toned),
 * and the selected strategy's live equity beside the backtest it was started from, as lines
 * for lightweight-charts.
 * @module
 */

import type { BacktestResponse } from '../../../src/server/dto/backtest-schemas';
import type { StrategyDto, StrategyPositionDto } from '../../../src/server/dto/strategy-schemas';
import { sameParameters } from '../state/strategy-state';
import { toLine, type Line } from './backtest-chart-data';
import { DASH, formatSignedPrice } from './format';
import { formatSig } from './pair-format';

export type PnlTone = 'up' | 'down' | 'plain';

export interface Pnl {
  readonly text: string;
  readonly tone: PnlTone;
}

/** Money in USDT as a PnL: `+12.34`, `−0.50`, `0.00` for nothing (neither gain nor loss), a dash if unknown. */
export function formatPnl(v: number | null | undefined): Pnl {
  if (v === null || v === undefined || !Number.isFinite(v)) return { text: DASH, tone: 'plain' };
  // Half a cent either way rounds to nothing: show it as nothing, not as a signed zero.
  if (Math.abs(v) < 0.005) return { text: '0.00', tone: 'plain' };
  return { text: formatSignedPrice(v, 2), tone: v > 0 ? 'up' : 'down' };
}

/** The UTC day's start of `nowMs`: "today" on a desk that trades around the clock. */
export function utcDayStart(nowMs: number): number {
  return Math.floor(nowMs / 86_400_000) * 86_400_000;
}

/** The sum of the closed trades' net PnL (fees, slippage and funding included). */
export function realisedPnl(s: StrategyDto): number {
  return s.trades.reduce((a, t) => a + t.netPnl, 0);
}

/** Trades closed since the UTC day's start of `nowMs`. */
export function tradesToday(s: StrategyDto, nowMs: number): number {
  const from = utcDayStart(nowMs);
  return s.trades.filter((t) => t.exitTime >= from).length;
}

/** `long 1.52 ETHUSDT / −0.0461 BTCUSDT`, or `flat`. */
export function positionText(p: StrategyPositionDto, y: string, x: string): string {
  if (p.side === null) return 'flat';
  return `${p.side} ${formatSig(p.qy, 4)} ${y} / ${formatSig(p.qx, 4)} ${x}`;
}

const STATE_LABELS: Readonly<Record<string, string>> = { running: 'running', stopped: 'stopped', ruined: 'ruined' };

export interface StrategyRow {
  readonly id: string;
  readonly pair: string;
  /** `ols 10 · 1s · entry 0.5 exit 0.1` */
  readonly rule: string;
  readonly state: string;
  readonly live: boolean;
  readonly side: 'long' | 'short' | null;
  readonly position: string;
  readonly unrealised: Pnl;
  readonly realised: Pnl;
  readonly today: number;
  readonly trades: number;
}

export function strategyRow(s: StrategyDto, nowMs: number): StrategyRow {
  const r = s.request;
  return {
    id: s.id,
    pair: `${r.y}/${r.x}`,
    rule: `${r.method} ${r.window} · ${r.tf} · entry ${r.entry} exit ${r.exit}`,
    state: STATE_LABELS[s.state] ?? s.state,
    live: s.state === 'running',
    side: s.position.side,
    position: positionText(s.position, r.y, r.x),
    unrealised: s.position.side === null ? formatPnl(0) : formatPnl(s.position.unrealisedPnl),
    realised: formatPnl(realisedPnl(s)),
    today: tradesToday(s, nowMs),
    trades: s.trades.length,
  };
}

/** A strategy's live equity since it started. */
export function liveEquityLine(equity: StrategyDto['equity']): Line {
  return toLine(equity.map((p) => p.time), equity.map((p) => p.value));
}

/**
 * The backtest to draw beside a strategy: the report on screen when it ran with the same
 * parameters (such as the backtest of the live period), else the one the strategy was started
 * from in this page, else none.
 */
export function backtestOf(s: StrategyDto, origin: BacktestResponse | null, onScreen: BacktestResponse | null): BacktestResponse | null {
  return onScreen !== null && sameParameters(onScreen.request, s.request) ? onScreen : origin;
}

export function backtestEquityLine(report: BacktestResponse): Line {
  return toLine(report.report.curves.time, report.report.curves.equity);
}
