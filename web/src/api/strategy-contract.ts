/**
 * The paper-strategy API's shapes, mirrored from the server's DTO module
 * (`src/server/dto/strategy-schemas.ts` on the paper-core branch) until that branch is merged;
 * then this file re-exports those types and goes.
 * @module
 */

import type { BacktestBody, BacktestMetricsDto, BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';

/** A backtest request without its range: a strategy trades from now on. */
export type StrategyBody = Omit<BacktestBody, 'from' | 'to'>;

export type StrategyStateDto = 'running' | 'stopped' | 'ruined';

export interface StrategyPositionDto {
  readonly side: 'long' | 'short' | null;
  readonly qy: number;
  readonly qx: number;
  readonly entryTime: number | null;
  readonly entryY: number | null;
  readonly entryX: number | null;
  readonly unrealisedPnl: number;
}

export interface StrategyFillDto {
  readonly time: number;
  readonly kind: 'entry' | 'exit';
  readonly side: 'long' | 'short';
  readonly signalTime: number;
  readonly priceY: number;
  readonly priceX: number;
  readonly qtyY: number;
  readonly qtyX: number;
  readonly reason: string | null;
  readonly netPnl: number | null;
  readonly publishedAt: number | null;
}

export interface StrategyEquityPointDto {
  readonly time: number;
  readonly value: number;
}

export interface StrategyRequestDto {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly method: string;
  readonly window: number;
  readonly delta: number;
  readonly ve: number;
  readonly entry: number;
  readonly exit: number;
  readonly stop: number | null;
  readonly maxHoldBars: number | null;
  readonly fill: string;
  readonly notional: number;
  readonly sizing: string;
  readonly feeBps: number;
  readonly slippageBps: number;
  readonly lotStepY: number | null;
  readonly lotStepX: number | null;
  readonly capital: number;
  readonly funding: boolean | null;
}

export interface StrategySummaryDto {
  readonly id: string;
  readonly request: StrategyRequestDto;
  readonly state: StrategyStateDto;
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly warmupFrom: number;
  readonly lastBarStart: number | null;
  readonly backtestRange: { readonly from: number; readonly to: number } | null;
}

export interface StrategyDto extends StrategySummaryDto {
  readonly position: StrategyPositionDto;
  readonly trades: BacktestTradeDto[];
  readonly fills: StrategyFillDto[];
  readonly divergences: unknown[];
  readonly equity: StrategyEquityPointDto[];
  readonly metrics: BacktestMetricsDto | null;
  readonly flattens: number[];
  readonly error: { readonly code: string; readonly message: string } | null;
}

export interface StrategyListDto {
  readonly items: StrategySummaryDto[];
}

/** Pushed on `strategy:<id>` on every fill and every new final bar. */
export interface StrategyStreamMessage {
  readonly type: 'strategy';
  readonly channel: string;
  readonly id: string;
  readonly fill?: StrategyFillDto;
  readonly position: StrategyPositionDto;
  readonly equity: StrategyEquityPointDto | null;
  readonly metrics: BacktestMetricsDto | null;
  readonly lastBarStart: number | null;
  readonly state: StrategyStateDto;
}
