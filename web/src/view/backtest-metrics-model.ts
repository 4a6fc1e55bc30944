/**
 * The Backtest tab's metric cards, from a report's metrics: each card a label, the figure as
 * shown, an optional second line and a tone (gain, loss or plain). Undefined figures (a
 * Sharpe of a flat equity, a CAGR over too short a span) are a dash, never 0.
 * @module
 */

import type { BacktestMetricsDto } from '../../../src/server/dto/backtest-schemas';
import { DASH, formatBarTime, formatCount, formatPercent, formatSignedPrice, formatSpan } from './format';
import { formatSig } from './pair-format';

export type MetricTone = 'up' | 'down' | 'plain';

export interface MetricCard {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly sub: string | null;
  readonly tone: MetricTone;
}

const tone = (v: number | null): MetricTone => (v === null || v === 0 || !Number.isFinite(v) ? 'plain' : v > 0 ? 'up' : 'down');
const pct = (v: number | null): string => (v === null ? DASH : formatPercent(v));
const ratio = (v: number | null): string => (v === null || !Number.isFinite(v) ? DASH : v.toFixed(2));
const money = (v: number | null): string => (v === null ? DASH : formatSignedPrice(v, 2));
const unsignedPct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : DASH);

/** A holding time: `12 bars · 12s`. */
function holding(bars: number | null, ms: number | null): string {
  if (bars === null) return DASH;
  const b = `${formatSig(bars, 3)} bars`;
  return ms === null || ms <= 0 ? b : `${b} · ${formatSpan(ms)}`;
}

/** The cards in reading order: returns, risk, then trade statistics and costs. */
export function metricCards(m: BacktestMetricsDto): MetricCard[] {
  return [
    { id: 'total-return', label: 'Total return', value: pct(m.totalReturn), sub: `net ${money(m.netPnl)} · gross ${money(m.grossPnl)}`, tone: tone(m.totalReturn) },
    { id: 'cagr', label: 'CAGR', value: pct(m.cagr), sub: m.cagr === null ? 'span too short' : null, tone: tone(m.cagr) },
    { id: 'sharpe', label: 'Sharpe', value: ratio(m.sharpe), sub: `annualised, ${formatCount(m.barsPerYear)} bars/yr`, tone: tone(m.sharpe) },
    { id: 'sortino', label: 'Sortino', value: ratio(m.sortino), sub: null, tone: tone(m.sortino) },
    {
      id: 'max-drawdown',
      label: 'Max drawdown',
      value: m.maxDrawdown === 0 ? '0.00%' : pct(-Math.abs(m.maxDrawdown)),
      sub: m.maxDrawdownBars > 0 ? `lasted ${formatCount(m.maxDrawdownBars)} bars · ${formatSpan(m.maxDrawdownMs)}` : 'none',
      tone: m.maxDrawdown === 0 ? 'plain' : 'down',
    },
    { id: 'calmar', label: 'Calmar', value: ratio(m.calmar), sub: null, tone: tone(m.calmar) },
    { id: 'win-rate', label: 'Win rate', value: m.winRate === null ? DASH : unsignedPct(m.winRate), sub: null, tone: 'plain' },
    { id: 'profit-factor', label: 'Profit factor', value: ratio(m.profitFactor), sub: null, tone: m.profitFactor === null ? 'plain' : m.profitFactor >= 1 ? 'up' : 'down' },
    { id: 'expectancy', label: 'Expectancy', value: money(m.expectancy), sub: 'net per trade', tone: tone(m.expectancy) },
    { id: 'trades', label: 'Trades', value: formatCount(m.trades), sub: m.skippedEntries > 0 ? `${formatCount(m.skippedEntries)} entries skipped` : null, tone: 'plain' },
    { id: 'avg-hold', label: 'Avg holding', value: holding(m.avgHoldingBars, m.avgHoldingMs), sub: null, tone: 'plain' },
    { id: 'max-hold', label: 'Max holding', value: holding(m.maxHoldingBars, m.maxHoldingMs), sub: null, tone: 'plain' },
    { id: 'best', label: 'Best trade', value: money(m.bestTrade), sub: null, tone: tone(m.bestTrade) },
    { id: 'worst', label: 'Worst trade', value: money(m.worstTrade), sub: null, tone: tone(m.worstTrade) },
    { id: 'exposure', label: 'Exposure', value: unsignedPct(m.exposure), sub: 'of bars in a position', tone: 'plain' },
    { id: 'fees', label: 'Fees paid', value: m.feesPaid.toFixed(2), sub: `slippage ${m.slippagePaid.toFixed(2)}, funding ${m.fundingPnl.toFixed(2)}`, tone: 'plain' },
  ];
}

/** The banner of a ruined run: when equity reached zero, and that the run stopped there. */
export function ruinNotice(m: BacktestMetricsDto, tfMs: number): string | null {
  if (!m.ruined) return null;
  const at = m.ruinTime === null ? '' : ` at ${formatBarTime(m.ruinTime, tfMs, true)}`;
  return `Ruined: equity reached ${formatSignedPrice(m.finalEquity, 2)} (${formatPercent(m.totalReturn)} of ${formatCount(m.capital)})${at}. The open trade was closed there and the run stopped: a gone account does not trade on.`;
}
