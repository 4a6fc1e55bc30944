/**
 * The paper-strategy API's shapes as the contract states them (Tandem issue 17), until
 * the server's DTO module (`src/server/dto/strategy-schemas.ts`) lands; then this file re-exports
 * those types and goes.
 * @module
 */

import type { BacktestBody, BacktestMetricsDto, BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';

/** A backtest request without its range: a strategy runs from now on. */
export type StrategyBody = Omit<BacktestBody, 'from' | 'to' | 'maxCurvePoints' | 'capital' | 'lotStep'>;

export interface StrategyPositionDto {
  readonly side: 'long' | 'short' | null;
  readonly qy: number;
  readonly qx: number;
  readonly entryTime: number | null;
  readonly entryY: number | null;
  readonly entryX: number | null;
  readonly unrealisedPnl: number;
}

export interface StrategyEquityPointDto {
  readonly time: number;
  readonly value: number;
}

export type StrategyStateDto = 'warming_up' | 'running' | 'stopped' | 'error';

export interface StrategyCreatedDto {
  readonly id: string;
  readonly request: StrategyBody;
  readonly state: StrategyStateDto;
  readonly startedAt: number;
  readonly warmupFrom: number;
}

export interface StrategyDto extends StrategyCreatedDto {
  readonly lastBarStart: number | null;
  readonly position: StrategyPositionDto;
  readonly trades: readonly BacktestTradeDto[];
  readonly equity: readonly StrategyEquityPointDto[];
  readonly metrics: BacktestMetricsDto | null;
}

export interface StrategyListDto {
  readonly items: readonly StrategyDto[];
}

/** Pushed on `strategy:<id>` on every fill and every new final bar. */
export interface StrategyStreamMessage {
  readonly type: 'strategy';
  readonly channel?: string;
  readonly id: string;
  readonly fill?: unknown;
  readonly position: StrategyPositionDto;
  readonly equity: StrategyEquityPointDto;
  readonly metrics: BacktestMetricsDto | null;
}
