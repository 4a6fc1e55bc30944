/**
 * Schemas of the alerts API: `GET/POST /api/alerts/rules`, `GET/PUT/DELETE
 * /api/alerts/rules/:id`, `GET /api/alerts/events` and the `alerts` WebSocket channel's
 * `alert` message. Semantics: docs/api.md, "Alerts". Times are epoch milliseconds.
 * @module
 */

import { Type, type Static } from 'typebox';
import { HedgeMethodDto } from './pair-schemas.js';
import { TimeBound } from './time-bound.js';

export const AlertRuleTypeDto = Type.Union([
  Type.Literal('zscore'),
  Type.Literal('price'),
  Type.Literal('spread'),
  Type.Literal('volume_spike'),
  Type.Literal('correlation_break'),
  Type.Literal('cointegration_health'),
  Type.Literal('data_quality'),
  Type.Literal('strategy_fill'),
], { title: 'AlertRuleType' });
export type AlertRuleTypeDto = Static<typeof AlertRuleTypeDto>;

export const AlertSeverityDto = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')], { title: 'AlertSeverity' });
export type AlertSeverityDto = Static<typeof AlertSeverityDto>;

export const ThresholdDirectionDto = Type.Union([Type.Literal('above'), Type.Literal('below'), Type.Literal('outside')], { title: 'ThresholdDirection' });

const pairFields = {
  y: Type.String(),
  x: Type.String(),
  tf: Type.String(),
  method: HedgeMethodDto,
  window: Type.Integer(),
};

/** Params of each rule type as the server returns them (defaults filled in). */
export const ZScoreParamsDto = Type.Object({ ...pairFields, threshold: Type.Number(), direction: ThresholdDirectionDto }, { title: 'ZScoreParams' });
export const PriceParamsDto = Type.Object({ symbol: Type.String(), level: Type.Number(), direction: Type.Union([Type.Literal('above'), Type.Literal('below'), Type.Literal('crossing')]), tf: Type.String() }, { title: 'PriceParams' });
export const SpreadParamsDto = Type.Object({ ...pairFields, level: Type.Number(), direction: ThresholdDirectionDto }, { title: 'SpreadParams' });
export const VolumeSpikeParamsDto = Type.Object({ symbol: Type.String(), tf: Type.String(), window: Type.Integer(), threshold: Type.Number() }, { title: 'VolumeSpikeParams' });
export const CorrelationBreakParamsDto = Type.Object({ ...pairFields, level: Type.Number() }, { title: 'CorrelationBreakParams' });
export const CointegrationHealthParamsDto = Type.Object({ ...pairFields, states: Type.Array(Type.Union([Type.Literal('weakening'), Type.Literal('broken')])) }, { title: 'CointegrationHealthParams' });
export const DataQualityParamsDto = Type.Object({ symbol: Type.String(), condition: Type.Union([Type.Literal('stall'), Type.Literal('lag'), Type.Literal('gap')]), thresholdMs: Type.Number() }, { title: 'DataQualityParams' });
export const StrategyFillParamsDto = Type.Object({ strategyId: Type.Union([Type.String(), Type.Null()], { description: 'the paper strategy whose fills fire, or null for every strategy' }) }, { title: 'StrategyFillParams' });
export type StrategyFillParamsDto = Static<typeof StrategyFillParamsDto>;
export type ZScoreParamsDto = Static<typeof ZScoreParamsDto>;
export type PriceParamsDto = Static<typeof PriceParamsDto>;
export type SpreadParamsDto = Static<typeof SpreadParamsDto>;
export type VolumeSpikeParamsDto = Static<typeof VolumeSpikeParamsDto>;
export type CorrelationBreakParamsDto = Static<typeof CorrelationBreakParamsDto>;
export type CointegrationHealthParamsDto = Static<typeof CointegrationHealthParamsDto>;
export type DataQualityParamsDto = Static<typeof DataQualityParamsDto>;

/** `type` and its `params`, discriminated by `type`. */
export type AlertConditionDto =
  | { readonly type: 'zscore'; readonly params: ZScoreParamsDto }
  | { readonly type: 'price'; readonly params: PriceParamsDto }
  | { readonly type: 'spread'; readonly params: SpreadParamsDto }
  | { readonly type: 'volume_spike'; readonly params: VolumeSpikeParamsDto }
  | { readonly type: 'correlation_break'; readonly params: CorrelationBreakParamsDto }
  | { readonly type: 'cointegration_health'; readonly params: CointegrationHealthParamsDto }
  | { readonly type: 'data_quality'; readonly params: DataQualityParamsDto }
  | { readonly type: 'strategy_fill'; readonly params: StrategyFillParamsDto };

// Params are checked per type by the server (alerts/validate-rule.ts), whose messages name the
// field (`params.window must be ...`); the schema only says they are an object.
const ParamsInput = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Per type (defaults in brackets): zscore {y, x, tf, method [ols], window [20], threshold, direction above|below|outside [outside]}; ' +
    'price {symbol, level, direction above|below|crossing [crossing], tf [1s]}; spread {y, x, tf, method, window, level, direction [above]}; ' +
    'volume_spike {symbol, tf, window [20], threshold}; correlation_break {y, x, tf, method, window, level}; ' +
    'cointegration_health {y, x, tf, method, window, states [weakening, broken]}; data_quality {symbol, condition stall|lag|gap, thresholdMs}; ' +
    'strategy_fill {strategyId [null: every strategy]} (fires on each paper fill; cooldown default 0)',
});

const envelopeInput = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  severity: Type.Optional(AlertSeverityDto),
  enabled: Type.Optional(Type.Boolean()),
  /** Quiet time after a firing (default 60,000). */
  cooldownMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400_000 })),
  /** How far back inside the threshold the value must come to re-arm (default per type). */
  hysteresis: Type.Optional(Type.Number({ minimum: 0 })),
  /** `forming` (price rules only): also on every forming-bar update. */
  evaluateOn: Type.Optional(Type.Union([Type.Literal('final'), Type.Literal('forming')])),
  webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
};

export const AlertRuleCreateBody = Type.Object({ ...envelopeInput, type: AlertRuleTypeDto, params: ParamsInput }, { title: 'AlertRuleCreateBody', additionalProperties: false });
export type AlertRuleCreateBody = Static<typeof AlertRuleCreateBody>;

/** PUT: fields given replace the rule's; `params` are merged into the rule's when `type` is unchanged. */
export const AlertRuleUpdateBody = Type.Object({ ...envelopeInput, type: Type.Optional(AlertRuleTypeDto), params: Type.Optional(ParamsInput) }, { title: 'AlertRuleUpdateBody', additionalProperties: false });
export type AlertRuleUpdateBody = Static<typeof AlertRuleUpdateBody>;

export const AlertRuleStatsDto = Type.Object({
  /** Events stored for the rule. */
  firings: Type.Integer(),
  lastFiredAt: Type.Union([Type.Number(), Type.Null()]),
  deliveriesFailed: Type.Integer(),
  /** The last webhook failure (`HTTP 500 after 3 attempts`), or null. */
  lastDeliveryError: Type.Union([Type.String(), Type.Null()]),
  lastDeliveryErrorAt: Type.Union([Type.Number(), Type.Null()]),
}, { title: 'AlertRuleStats' });
export type AlertRuleStatsDto = Static<typeof AlertRuleStatsDto>;

const AlertRuleSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: AlertRuleTypeDto,
  severity: AlertSeverityDto,
  enabled: Type.Boolean(),
  cooldownMs: Type.Integer(),
  hysteresis: Type.Number(),
  evaluateOn: Type.Union([Type.Literal('final'), Type.Literal('forming')]),
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  params: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  stats: AlertRuleStatsDto,
  /** `inactive` (disabled), `warming` (no value yet), `armed`, `disarmed` (beyond, waiting to come back inside). */
  phase: Type.Union([Type.Literal('inactive'), Type.Literal('warming'), Type.Literal('armed'), Type.Literal('disarmed')]),
}, { title: 'AlertRule' });
/** A rule as listed: the schema keeps `params` open; the type narrows it by `type`. */
export const AlertRuleDto = Type.Unsafe<Omit<Static<typeof AlertRuleSchema>, 'type' | 'params'> & AlertConditionDto>(AlertRuleSchema);
export type AlertRuleDto = Static<typeof AlertRuleDto>;

export const AlertRuleList = Type.Object({ items: Type.Array(AlertRuleDto) }, { title: 'AlertRuleList' });
export type AlertRuleList = Static<typeof AlertRuleList>;

export const AlertRuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const AlertEventKindDto = Type.Union(['above', 'below', 'cross_up', 'cross_down', 'weakening', 'broken', 'stall', 'lag', 'gap', 'entry', 'exit'].map((k) => Type.Literal(k)), { title: 'AlertEventKind' });

export const AlertEventDto = Type.Object({
  id: Type.Integer(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  ruleType: AlertRuleTypeDto,
  /** `above`/`below`, `cross_up`/`cross_down`, `weakening`/`broken`, `stall`/`lag`/`gap`. */
  kind: Type.String(),
  severity: AlertSeverityDto,
  subject: Type.String(),
  /** The value that fired; null when undefined (a health change with no p-value). */
  value: Type.Union([Type.Number(), Type.Null()]),
  threshold: Type.Union([Type.Number(), Type.Null()]),
  ts: Type.Number(),
  /** Start of the bar it fired on; link to the chart at this time. */
  barStart: Type.Number(),
  message: Type.String(),
  delivery: Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  deliveryError: Type.Union([Type.String(), Type.Null()]),
}, { title: 'AlertEvent' });
export type AlertEventDto = Static<typeof AlertEventDto>;

export const AlertEventsQuery = Type.Object(
  {
    /** Inclusive lower bound on `ts`. */
    from: Type.Optional(TimeBound('inclusive lower bound on ts')),
    /** Exclusive upper bound on `ts`. */
    to: Type.Optional(TimeBound('exclusive upper bound on ts')),
    /** A rule id. */
    rule: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    severity: Type.Optional(AlertSeverityDto),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 100 })),
    /** `asc` oldest first (default, as every list), `desc` newest first (recent events). */
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AlertEventsQuery = Static<typeof AlertEventsQuery>;

export const AlertEventPage = Type.Object({ items: Type.Array(AlertEventDto), next: Type.Union([Type.String(), Type.Null()]) }, { title: 'AlertEventPage' });
export type AlertEventPage = Static<typeof AlertEventPage>;
