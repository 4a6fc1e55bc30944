import { describe, expect, it } from 'vitest';
import type { BacktestResponse, BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';
import type { StrategyDto } from '../../../src/server/dto/strategy-schemas';
import { freshStrategy } from '../state/strategy-state';
import { backtestOf, formatPnl, liveEquityLine, positionText, realisedPnl, strategyRow, tradesToday, utcDayStart } from './strategy-model';

/** A strategy's request as the server fills it in, and the body that asked for it. */
const request = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1s', method: 'ols' as const, prices: 'raw' as const, window: 10, delta: 1e-4, ve: 1e-3, entry: 0.5, exit: 0.1, stop: null, maxHoldBars: null, fill: 'next_open', notional: 10_000, sizing: 'dollar_neutral', feeBps: 5, slippageBps: 1, lotStepY: null, lotStepX: null, capital: 10_000, funding: null };
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 3, 14, 0, 0);
const trade = (exitTime: number, netPnl: number): BacktestTradeDto => ({ exitTime, netPnl }) as BacktestTradeDto;
const strategy = (patch: Partial<StrategyDto> = {}): StrategyDto => ({ ...freshStrategy({ id: 's1', request, state: 'running', startedAt: NOW - DAY, stoppedAt: null, warmupFrom: NOW - 2 * DAY, lastBarStart: null, backtestRange: null }), ...patch });

describe('formatPnl', () => {
  it('signs gains and losses with a true minus and two decimals, and tones them', () => {
    expect(formatPnl(12.345)).toEqual({ text: '+12.35', tone: 'up' });
    expect(formatPnl(-1234.5)).toEqual({ text: '\u22121,234.50', tone: 'down' });
  });

  it('shows nothing gained as an unsigned zero, whatever rounding dust is left', () => {
    expect(formatPnl(0)).toEqual({ text: '0.00', tone: 'plain' });
    expect(formatPnl(-0.004)).toEqual({ text: '0.00', tone: 'plain' });
  });

  it('is a dash when unknown', () => {
    expect(formatPnl(null).text).toBe('\u2014');
    expect(formatPnl(Number.NaN).text).toBe('\u2014');
  });
});

describe('strategy rows', () => {
  it('counts as today the trades closed since the UTC midnight', () => {
    expect(utcDayStart(NOW)).toBe(Date.UTC(2026, 5, 3));
    const s = strategy({ trades: [trade(Date.UTC(2026, 5, 2, 23, 59, 59), 1), trade(Date.UTC(2026, 5, 3), 2), trade(NOW - 1000, -0.5)] });
    expect(tradesToday(s, NOW)).toBe(2);
    expect(realisedPnl(s)).toBeCloseTo(2.5, 12);
  });

  it('shows a flat strategy as flat with nothing unrealised', () => {
    const row = strategyRow(strategy({ position: { side: null, qy: 0, qx: 0, entryTime: null, entryY: null, entryX: null, unrealisedPnl: 3 } }), NOW);
    expect(row).toMatchObject({ pair: 'ETHUSDT/BTCUSDT', rule: 'ols 10 · 1s · entry 0.5 exit 0.1', state: 'running', live: true, position: 'flat', unrealised: { text: '0.00' }, realised: { text: '0.00' }, today: 0 });
  });

  it('shows an open position with both legs and its unrealised PnL', () => {
    const position = { side: 'short' as const, qy: -1.5, qx: 0.0461, entryTime: NOW, entryY: 3000, entryX: 97_000, unrealisedPnl: -4.2 };
    expect(positionText(position, 'ETHUSDT', 'BTCUSDT')).toBe('short \u22121.500 ETHUSDT / 0.04610 BTCUSDT');
    expect(strategyRow(strategy({ position, state: 'stopped' }), NOW)).toMatchObject({ side: 'short', live: false, state: 'stopped', unrealised: { text: '\u22124.20', tone: 'down' } });
  });
});

describe('equity lines', () => {
  it('draws the live equity in chart seconds', () => {
    expect(liveEquityLine([{ time: 5000, value: 10_001 }, { time: 6000, value: 10_002 }])).toEqual([{ time: 5, value: 10_001 }, { time: 6, value: 10_002 }]);
  });

  it('draws beside a strategy the report on screen when its parameters are the same, else the backtest it came from', () => {
    const report = (entry: number) => ({ request: { ...request, entry, from: null, to: null, funding: false }, report: { curves: { time: [], equity: [], drawdown: [] } } }) as unknown as BacktestResponse;
    const origin = report(0.5);
    const same = report(0.5);
    expect(backtestOf(strategy(), origin, same)).toBe(same);
    expect(backtestOf(strategy(), origin, report(2))).toBe(origin);
    expect(backtestOf(strategy(), null, report(1))).toBeNull();
  });
});
