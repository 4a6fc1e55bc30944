/**
 * Schemas of the backtest API (`POST /api/backtest`, `/api/backtest/sweep`), declared once with
 * TypeBox: Fastify validates with them, OpenAPI is generated from them, and the dashboard
 * imports their static types. Money is in the quote currency (USDT); times are epoch ms;
 * returns, drawdowns, exposure and win rate are fractions (0.05 = 5 %). docs/backtest.md has
 * every formula.
 * @module
 */

import { Type, type Static } from 'typebox';
import { TimeBound } from './time-bound.js';
import { PriceScaleDto } from './pair-schemas.js';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);
const Method = Type.Union([Type.Literal('ols'), Type.Literal('huber'), Type.Literal('theilsen'), Type.Literal('kalman')]);
const SymbolName = Type.String({ minLength: 1, maxLength: 30 });

/** The execution model and range shared by a backtest and a sweep. */
const commonFields = {
  y: SymbolName,
  x: SymbolName,
  tf: Type.String({ minLength: 1, maxLength: 12, description: 'timeframe, e.g. 1m' }),
  from: Type.Optional(TimeBound('inclusive lower bound on bar start')),
  to: Type.Optional(TimeBound('exclusive upper bound on bar start')),
  prices: Type.Optional(PriceScaleDto),
  delta: Type.Optional(Type.Number({ description: 'Kalman random-walk intensity (default 1e-4)' })),
  ve: Type.Optional(Type.Number({ description: 'Kalman observation noise variance (default 1e-3)' })),
  // Null first: with type coercion on, a number schema tried first would turn null into 0.
  stop: Type.Optional(Type.Union([Type.Null(), Type.Number({ description: 'stop when z is past ±stop against the position; > entry' })])),
  maxHoldBars: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 1 })])),
  fill: Type.Optional(Type.Union([Type.Literal('next_open'), Type.Literal('next_close')], { description: 'fill a signal of bar t at bar t+1\'s open (default) or close' })),
  notional: Type.Optional(Type.Number({ description: 'gross notional of a trade, both legs (default 10,000)' })),
  sizing: Type.Optional(Type.Union([Type.Literal('dollar_neutral'), Type.Literal('beta')], { description: 'dollar_neutral (default): half the notional per leg; beta: q_y units of y − β·x' })),
  feeBps: Type.Optional(Type.Number({ description: 'fee per leg and fill in bps (default 5, Binance USD-M regular taker)' })),
  slippageBps: Type.Optional(Type.Number({ description: 'slippage per leg and fill in bps (default 1)' })),
  lotStep: Type.Optional(Type.Union([Type.Null(), Type.Number(), Type.Object({ y: Type.Number(), x: Type.Number() }, { additionalProperties: false })], { description: 'quantity step of both legs or of each' })),
  capital: Type.Optional(Type.Number({ description: 'starting equity for returns (default: the notional)' })),
  maxCurvePoints: Type.Optional(Type.Integer({ minimum: 2, maximum: 1_000_000, description: 'most points of the equity and drawdown curves (default 5,000)' })),
  funding: Type.Optional(Type.Boolean({ description: 'book perpetual funding of both legs (default: true when both legs have stored rates in the range); true with a leg without rates is a 400 no_funding_rates' })),
};

export const BacktestBody = Type.Object(
  {
    ...commonFields,
    method: Type.Optional(Method),
    window: Type.Optional(Type.Integer({ description: 'rolling window in bars (default 20)' })),
    entry: Type.Number({ description: 'enter when |z| > entry' }),
    exit: Type.Number({ description: 'exit when |z| < exit; exit < entry' }),
  },
  { title: 'BacktestBody', additionalProperties: false },
);
export type BacktestBody = Static<typeof BacktestBody>;

export const BacktestMetricsDto = Type.Object({
  bars: Num,
  startTime: Num,
  endTime: Num,
  capital: Num,
  finalEquity: Num,
  grossPnl: Num,
  netPnl: Num,
  feesPaid: Num,
  slippagePaid: Num,
  /** Funding received (> 0) or paid (< 0) over the run, both legs; part of netPnl. */
  fundingPnl: Num,
  totalReturn: Num,
  cagr: NullableNum,
  sharpe: NullableNum,
  sortino: NullableNum,
  maxDrawdown: Num,
  maxDrawdownBars: Num,
  maxDrawdownMs: Num,
  calmar: NullableNum,
  trades: Num,
  winRate: NullableNum,
  profitFactor: NullableNum,
  expectancy: NullableNum,
  avgHoldingBars: NullableNum,
  maxHoldingBars: NullableNum,
  avgHoldingMs: NullableNum,
  maxHoldingMs: NullableNum,
  bestTrade: NullableNum,
  worstTrade: NullableNum,
  exposure: Num,
  skippedEntries: Num,
  barsPerYear: Num,
  /** Equity reached zero or below at `ruinTime` (that bar's end), which ended the run. */
  ruined: Type.Boolean(),
  ruinTime: NullableNum,
}, { title: 'BacktestMetrics' });
export type BacktestMetricsDto = Static<typeof BacktestMetricsDto>;

export const ExitReasonDto = Type.Union([Type.Literal('exit'), Type.Literal('stop'), Type.Literal('max_hold'), Type.Literal('flip'), Type.Literal('end'), Type.Literal('ruin'), Type.Literal('flatten')], { title: 'ExitReason' });

export const BacktestTradeDto = Type.Object({
  side: Type.Union([Type.Literal('long'), Type.Literal('short')]),
  signalIndex: Num,
  entryIndex: Num,
  exitIndex: Num,
  entryTime: Num,
  exitTime: Num,
  entryY: Num,
  entryX: Num,
  exitY: Num,
  exitX: Num,
  qtyY: Num,
  qtyX: Num,
  beta: Num,
  zEntry: NullableNum,
  zExit: NullableNum,
  grossPnl: Num,
  fees: Num,
  slippage: Num,
  /** Funding settled on both legs while held (> 0 received); part of netPnl. */
  funding: Num,
  netPnl: Num,
  returnPct: Num,
  barsHeld: Num,
  exitReason: ExitReasonDto,
}, { title: 'BacktestTrade' });
export type BacktestTradeDto = Static<typeof BacktestTradeDto>;

export const BacktestCurvesDto = Type.Object({
  time: Type.Array(Num, { description: 'bar start of each point, epoch ms' }),
  equity: Type.Array(Num),
  drawdown: Type.Array(Num, { description: 'fraction ≤ 0; a thinned point keeps its bucket\'s deepest drawdown' }),
}, { title: 'BacktestCurves' });

export const BacktestReportDto = Type.Object({
  metrics: BacktestMetricsDto,
  trades: Type.Array(BacktestTradeDto),
  curves: BacktestCurvesDto,
}, { title: 'BacktestReport' });
export type BacktestReportDto = Static<typeof BacktestReportDto>;

/** The pair and rule of a run as run (defaults filled in): a backtest's and a paper strategy's. */
export const RunParamsFields = {
  y: Type.String(),
  x: Type.String(),
  tf: Type.String(),
  method: Method,
  prices: PriceScaleDto,
  window: Num,
  delta: Num,
  ve: Num,
  entry: Num,
  exit: Num,
  stop: NullableNum,
  maxHoldBars: NullableNum,
  fill: Type.String(),
  notional: Num,
  sizing: Type.String(),
  feeBps: Num,
  slippageBps: Num,
  lotStepY: NullableNum,
  lotStepX: NullableNum,
  capital: Num,
};

/** The request as run (defaults filled in), then the report. */
export const BacktestResponse = Type.Object({
  request: Type.Object({
    ...RunParamsFields,
    from: NullableNum,
    to: NullableNum,
    /** Whether funding was booked. */
    funding: Type.Optional(Type.Boolean()),
  }),
  report: BacktestReportDto,
  computeMs: Num,
}, { title: 'BacktestResponse' });
export type BacktestResponse = Static<typeof BacktestResponse>;

const Axis = Type.Union([Type.Literal('entry'), Type.Literal('exit'), Type.Literal('window'), Type.Literal('method')]);
const RankMetric = Type.Union(['sharpe', 'sortino', 'totalReturn', 'netPnl', 'calmar', 'profitFactor', 'expectancy', 'winRate'].map((m) => Type.Literal(m)));
const HeatMetric = Type.Union(['sharpe', 'sortino', 'totalReturn', 'netPnl', 'calmar', 'profitFactor', 'expectancy', 'winRate', 'maxDrawdown', 'trades'].map((m) => Type.Literal(m)));

export const SweepBody = Type.Object(
  {
    ...commonFields,
    grid: Type.Object(
      {
        entry: Type.Array(Type.Number(), { minItems: 1, maxItems: 100 }),
        exit: Type.Array(Type.Number(), { minItems: 1, maxItems: 100 }),
        window: Type.Array(Type.Integer(), { minItems: 1, maxItems: 100 }),
        method: Type.Optional(Type.Array(Method, { minItems: 1, maxItems: 4 })),
      },
      { additionalProperties: false },
    ),
    metric: Type.Optional(RankMetric),
    heatmap: Type.Optional(Type.Object({ metric: Type.Optional(HeatMetric), rows: Type.Optional(Axis), cols: Type.Optional(Axis) }, { additionalProperties: false })),
    walkForward: Type.Optional(Type.Union([Type.Null(), Type.Object({ folds: Type.Integer({ minimum: 1, maximum: 50 }), anchored: Type.Optional(Type.Boolean()) }, { additionalProperties: false })])),
  },
  { title: 'SweepBody', additionalProperties: false },
);
export type SweepBody = Static<typeof SweepBody>;

export const SweepPointDto = Type.Object({ method: Method, window: Num, entry: Num, exit: Num }, { title: 'SweepPoint' });
export const SweepRowDto = Type.Object({ method: Method, window: Num, entry: Num, exit: Num, metrics: BacktestMetricsDto }, { title: 'SweepRow' });
export type SweepRowDto = Static<typeof SweepRowDto>;

const AxisValues = Type.Object({ axis: Axis, values: Type.Array(Type.Union([Type.Number(), Type.String()])) });
export const HeatmapDto = Type.Object({
  metric: HeatMetric,
  rows: AxisValues,
  cols: AxisValues,
  fixed: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()]), { description: 'values of the other axes: those of the best point' }),
  cells: Type.Array(Type.Array(NullableNum), { description: 'cells[row][col]; null where skipped (exit ≥ entry) or undefined' }),
}, { title: 'Heatmap' });
export type HeatmapDto = Static<typeof HeatmapDto>;

const Span = Type.Object({ from: Num, to: Num, bars: Num });
export const WalkForwardDto = Type.Object({
  folds: Type.Array(
    Type.Object({
      inSample: Span,
      outOfSample: Span,
      chosen: Type.Union([SweepPointDto, Type.Null()]),
      inSampleMetric: NullableNum,
      outOfSampleMetrics: Type.Union([BacktestMetricsDto, Type.Null()]),
    }),
  ),
  anchored: Type.Boolean(),
  metric: RankMetric,
  report: BacktestReportDto,
}, { title: 'WalkForward' });

export const SweepResultDto = Type.Object({
  y: Type.String(),
  x: Type.String(),
  tf: Type.String(),
  bars: Num,
  from: Num,
  to: Num,
  points: Num,
  skipped: Num,
  metric: RankMetric,
  rows: Type.Array(SweepRowDto),
  best: Type.Union([SweepRowDto, Type.Null()]),
  heatmap: Type.Union([HeatmapDto, Type.Null()]),
  walkForward: Type.Union([WalkForwardDto, Type.Null()]),
  elapsedMs: Num,
}, { title: 'SweepResult' });
export type SweepResultDto = Static<typeof SweepResultDto>;

export const SweepJobDto = Type.Object({
  id: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('cancelled'), Type.Literal('error')]),
  done: Num,
  total: Num,
  createdAt: Num,
  finishedAt: NullableNum,
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  result: Type.Union([SweepResultDto, Type.Null()]),
}, { title: 'SweepJob' });
export type SweepJobDto = Static<typeof SweepJobDto>;

export const SweepJobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
