/**
 * Paper strategies as the API's DTOs (`dto/strategy-schemas.ts`): the request as run, the book's
 * trades in the backtest's trade shape (`tradeDto`), the equity curve thinned as a backtest's.
 * @module
 */

import { equityCurves } from '../backtest/backtest-report.js';
import type { StrategyView, StrategyUpdate } from '../engine/paper-strategies.js';
import { FLAT, type PaperFill } from '../strategies/paper-book.js';
import type { PublishedFill } from '../strategies/reconcile-fills.js';
import { runParamsDto, tradeDto } from './backtest-dto.js';
import type { StrategyDto, StrategyFillDto, StrategyStreamMessage, StrategySummaryDto } from './dto/strategy-schemas.js';

const EQUITY_POINTS = 5000;

export function strategySummaryDto(v: StrategyView): StrategySummaryDto {
  const { pair, params, funding } = v.request;
  const last = v.row.lastBarStart;
  return {
    id: v.row.id,
    request: { ...runParamsDto(pair, params), funding },
    state: v.row.state,
    startedAt: v.row.startedAt,
    stoppedAt: v.row.stoppedAt,
    warmupFrom: v.row.warmupFrom,
    lastBarStart: last,
    backtestRange: last === null ? null : { from: v.row.warmupFrom, to: last + pair.tf.ms },
  };
}

export function strategyFillDto(f: PaperFill | PublishedFill): StrategyFillDto {
  return {
    time: f.time,
    kind: f.kind,
    side: f.side,
    signalTime: f.signalTime,
    priceY: f.priceY,
    priceX: f.priceX,
    qtyY: f.qtyY,
    qtyX: f.qtyX,
    reason: f.reason,
    netPnl: f.netPnl,
    publishedAt: 'publishedAt' in f ? f.publishedAt : null,
  };
}

export function strategyDto(v: StrategyView): StrategyDto {
  const book = v.book;
  let equity: StrategyDto['equity'] = [];
  if (book !== null && book.equity.length > 0) {
    const c = equityCurves(book.starts, book.equity, v.request.params.capital, EQUITY_POINTS);
    equity = c.time.map((time, i) => ({ time, value: c.equity[i]! }));
  }
  return {
    ...strategySummaryDto(v),
    position: book?.position ?? FLAT,
    trades: (book?.trades ?? []).map(tradeDto),
    fills: v.fills.map(strategyFillDto),
    divergences: v.divergences.map((d) => ({ time: d.time, kind: d.kind, published: d.published === null ? null : strategyFillDto(d.published), recomputed: d.recomputed === null ? null : strategyFillDto(d.recomputed) })),
    equity,
    metrics: book?.metrics ?? null,
    flattens: [...v.row.flattens],
    error: v.error,
  };
}

export function strategyStreamMessage(channel: string, u: StrategyUpdate): StrategyStreamMessage {
  const book = u.view.book;
  const n = book?.equity.length ?? 0;
  return {
    type: 'strategy',
    channel,
    id: u.view.row.id,
    ...(u.fill === undefined ? {} : { fill: strategyFillDto(u.fill) }),
    position: book?.position ?? FLAT,
    equity: book === null || n === 0 || book.lastBarStart === null ? null : { time: book.lastBarStart, value: book.equity[n - 1]! },
    metrics: book?.metrics ?? null,
    lastBarStart: u.view.row.lastBarStart,
    state: u.view.row.state,
  };
}
