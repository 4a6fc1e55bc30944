/**
 * Schemas of the paper-trading API (`/api/strategies`) and of the `strategy:<id>` WebSocket
 * channel, declared once with TypeBox. A strategy's request is the backtest request without its
 * range (`Type.Omit` of `BacktestBody`), so the two cannot drift; its trades are the backtest
 * report's trades, and its metrics the report's metrics. docs/backtest.md, "Paper trading".
 * @module
 */

import { Type, type Static } from 'typebox';
import { BacktestBody, BacktestMetricsDto, BacktestTradeDto, ExitReasonDto, RunParamsFields } from './backtest-schemas.js';

const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);
const Side = Type.Union([Type.Literal('long'), Type.Literal('short')]);

/** `POST /api/strategies`: a backtest request without `from`/`to`; it trades from now on. */
export const StrategyBody = Type.Omit(BacktestBody, ['from', 'to'], {
  title: 'StrategyBody',
  additionalProperties: false,
  description: 'the body of POST /api/backtest without from/to: the strategy warms up from stored bars and trades on each new final bar',
});
export type StrategyBody = Static<typeof StrategyBody>;

export const StrategyStateDto = Type.Union([Type.Literal('running'), Type.Literal('stopped'), Type.Literal('ruined')], {
  title: 'StrategyState',
  description: 'running: trades on each new final bar; stopped: DELETE stopped it (its record stays); ruined: equity reached zero, which ends the simulation as in a backtest',
});

/** The open position, marked at the last bar's close (null side when flat). */
export const StrategyPositionDto = Type.Object(
  {
    side: Type.Union([Side, Type.Null()]),
    qy: Num,
    qx: Num,
    entryTime: NullableNum,
    entryY: NullableNum,
    entryX: NullableNum,
    unrealisedPnl: Num,
  },
  { title: 'StrategyPosition', description: 'quantities signed (> 0 bought); unrealisedPnl = Σ q·(close − entry after slippage) − entry fees + funding so far, before exit costs (how the backtest marks an open trade)' },
);
export type StrategyPositionDto = Static<typeof StrategyPositionDto>;

/** One leg pair of orders executed together: an entry or an exit of a trade. */
export const StrategyFillDto = Type.Object(
  {
    time: Type.Number({ description: 'fill time, epoch ms: the fill bar\'s start (next_open) or end (next_close)' }),
    kind: Type.Union([Type.Literal('entry'), Type.Literal('exit')]),
    side: Side,
    signalTime: Type.Number({ description: 'start of the bar whose close decided the fill' }),
    priceY: Type.Number({ description: 'fill price of y before slippage' }),
    priceX: Type.Number({ description: 'fill price of x before slippage' }),
    qtyY: Type.Number({ description: 'signed quantity of y traded at this fill (> 0 bought)' }),
    qtyX: Type.Number({ description: 'signed quantity of x traded at this fill' }),
    reason: Type.Union([ExitReasonDto, Type.Null()], { description: 'why an exit closed the trade; null for an entry' }),
    netPnl: Type.Union([Type.Number(), Type.Null()], { description: 'the closed trade\'s net PnL (exits only)' }),
    publishedAt: Type.Union([Type.Number(), Type.Null()], { description: 'when the paper engine recorded (published) the fill, epoch ms; null for a recomputed fill never published' }),
  },
  { title: 'StrategyFill' },
);
export type StrategyFillDto = Static<typeof StrategyFillDto>;

/**
 * Where the published fills and the kernel's fills on the stored bars as they are now differ (a
 * late revision of a bar changed a past decision or price): a published fill not reproduced, or
 * a fill in the past that was never published.
 */
export const StrategyDivergenceDto = Type.Object(
  {
    time: Num,
    kind: Type.Union([Type.Literal('entry'), Type.Literal('exit')]),
    published: Type.Union([StrategyFillDto, Type.Null()], { description: 'the fill published at that time and kind, or null when none was' }),
    recomputed: Type.Union([StrategyFillDto, Type.Null()], { description: 'the fill the kernel now finds at that time and kind, or null when it finds none' }),
  },
  { title: 'StrategyDivergence' },
);

const EquityPoint = Type.Object({ time: Type.Number({ description: 'bar start, epoch ms' }), value: Num }, { title: 'StrategyEquityPoint' });

/** The request as run (defaults filled in), like the backtest response's request without the range. */
export const StrategyRequestDto = Type.Object(
  {
    ...RunParamsFields,
    funding: Type.Union([Type.Boolean(), Type.Null()], { description: 'as asked: true, false, or null (booked when both legs have stored rates)' }),
  },
  { title: 'StrategyRequest' },
);

const summaryFields = {
  id: Type.String(),
  request: StrategyRequestDto,
  state: StrategyStateDto,
  startedAt: Type.Number({ description: 'when the strategy was created, epoch ms' }),
  stoppedAt: NullableNum,
  warmupFrom: Type.Number({ description: 'start of the first stored bar the strategy computes from: POST /api/backtest with from = warmupFrom reproduces its trades' }),
  lastBarStart: Type.Union([Type.Number(), Type.Null()], { description: 'start of the last final aligned bar the strategy has traded on; null before its first' }),
  backtestRange: Type.Union([Type.Object({ from: Num, to: Num }), Type.Null()], {
    description: 'the from/to of POST /api/backtest that reproduces the strategy: from = warmupFrom, to = lastBarStart + tf (to is exclusive)',
  }),
};

/** `POST /api/strategies` answers this (201); `GET /api/strategies` lists it. */
export const StrategySummaryDto = Type.Object(summaryFields, { title: 'StrategySummary' });
export type StrategySummaryDto = Static<typeof StrategySummaryDto>;

export const StrategyDto = Type.Object(
  {
    ...summaryFields,
    position: StrategyPositionDto,
    trades: Type.Array(BacktestTradeDto, { description: 'closed trades, in exactly the backtest report\'s trade shape; the open position is not a trade yet' }),
    fills: Type.Array(StrategyFillDto, { description: 'every fill published, oldest first (facts: a later revision of a bar does not rewrite them)' }),
    divergences: Type.Array(StrategyDivergenceDto),
    equity: Type.Array(EquityPoint, { description: 'equity at each bar\'s close (thinned to at most 5,000 points), the last marked to market' }),
    metrics: Type.Union([BacktestMetricsDto, Type.Null()], { description: 'the backtest report\'s metrics on the closed trades and the equity; null before the first bar' }),
    flattens: Type.Array(Num, { description: 'starts of the bars at whose close a flatten was asked' }),
    error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], { description: 'why the last update failed (e.g. too_few_bars while warming up), or null' }),
  },
  { title: 'Strategy' },
);
export type StrategyDto = Static<typeof StrategyDto>;

export const StrategyListDto = Type.Object({ items: Type.Array(StrategySummaryDto) }, { title: 'StrategyList' });
export type StrategyListDto = Static<typeof StrategyListDto>;

export const StrategyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

/** A `strategy:<id>` WebSocket message: on every new fill and every new final bar. */
export const StrategyStreamMessage = Type.Object(
  {
    type: Type.Literal('strategy'),
    channel: Type.String(),
    id: Type.String(),
    fill: Type.Optional(StrategyFillDto),
    position: StrategyPositionDto,
    equity: Type.Union([EquityPoint, Type.Null()]),
    metrics: Type.Union([BacktestMetricsDto, Type.Null()]),
    lastBarStart: NullableNum,
    state: StrategyStateDto,
  },
  { title: 'StrategyStreamMessage' },
);
export type StrategyStreamMessage = Static<typeof StrategyStreamMessage>;

/** `GET /api/strategies/:id/touch`'s query. */
export const StrategyTouchQuery = Type.Object(
  {
    lookbackMs: Type.Optional(
      Type.Integer({ minimum: 1000, maximum: 3_600_000, default: 60_000, description: 'how far before a fill a taker trade still counts as the touch (ms; default 60000)' }),
    ),
  },
  { additionalProperties: false },
);
export type StrategyTouchQuery = Static<typeof StrategyTouchQuery>;


export const StrategyTouchFillDto = Type.Object(
  {
    time: Num,
    kind: Type.Union([Type.Literal('entry'), Type.Literal('exit')]),
    execY: Type.Number({ description: 'the model\'s execution price of y: the fill price with slippage' }),
    execX: Type.Number({ description: 'the model\'s execution price of x' }),
    touchY: Type.Union([Type.Number(), Type.Null()], { description: 'y\'s touch: the last taker buy before the fill for a buy leg (the ask), the last taker sell for a sell leg (the bid); null when none within lookbackMs' }),
    touchX: Type.Union([Type.Number(), Type.Null()], { description: 'x\'s touch, likewise' }),
    extraCost: Type.Union([Type.Number(), Type.Null()], { description: 'Σ q·(touch − exec) over both legs, quote currency: > 0 costs more at the touch than the model assumed; null unless both legs have a touch' }),
  },
  { title: 'StrategyTouchFill' },
);

/** The fills of a strategy priced at the touch, beside the model's (docs/backtest.md, "Honest live fills"). */
export const StrategyTouchDto = Type.Object(
  {
    id: Type.String(),
    lookbackMs: Num,
    fillsTotal: Type.Integer({ description: 'fills the strategy has published; the last 500 are priced' }),
    priced: Type.Integer({ description: 'fills with a touch on both legs' }),
    totalExtraCost: Type.Number({ description: 'Σ extraCost over the priced fills (quote currency)' }),
    fills: Type.Array(StrategyTouchFillDto, { description: 'the last 500 fills, oldest first' }),
  },
  { title: 'StrategyTouch' },
);
export type StrategyTouchDto = Static<typeof StrategyTouchDto>;
