/**
 * `AlertRule`: a condition on the live analytics that a desk wants to hear about. Every rule
 * has the same envelope (id, name, severity, enabled, cooldown, hysteresis margin, when it is
 * evaluated, an optional webhook) and type-specific `params`, a union discriminated by `type`.
 * Semantics (crossings, hysteresis, cooldown): `src/alerts/evaluate.ts`.
 * @module
 */

import type { HedgeMethod } from './pair-spec.js';

export const ALERT_RULE_TYPES = ['zscore', 'price', 'spread', 'volume_spike', 'correlation_break', 'cointegration_health', 'data_quality', 'strategy_fill'] as const;
export type AlertRuleType = (typeof ALERT_RULE_TYPES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** `above`: value > threshold; `below`: value < threshold; `outside`: |value| > threshold (±). */
export type ThresholdDirection = 'above' | 'below' | 'outside';
/** Price rules may also fire on a crossing of the level in either direction. */
export type PriceDirection = 'above' | 'below' | 'crossing';
/** `final`: on final bars (default); `forming`: on every forming-bar update too (price rules only). */
export type EvaluateOn = 'final' | 'forming';
export type DataQualityCondition = 'stall' | 'lag' | 'gap';
export type HealthAlertState = 'weakening' | 'broken';

/** The pair part of pair rules (as `PairSpec`, the timeframe as its label). */
export interface PairRef {
  readonly y: string;
  readonly x: string;
  readonly tf: string;
  readonly method: HedgeMethod;
  readonly window: number;
}

export interface ZScoreParams extends PairRef {
  readonly threshold: number;
  readonly direction: ThresholdDirection;
}
export interface PriceParams {
  readonly symbol: string;
  readonly level: number;
  readonly direction: PriceDirection;
  /** Bars the price is read from (default `1s`). */
  readonly tf: string;
}
export interface SpreadParams extends PairRef {
  readonly level: number;
  readonly direction: ThresholdDirection;
}
export interface VolumeSpikeParams {
  readonly symbol: string;
  readonly tf: string;
  /** Bars of the rolling z-score of volume. */
  readonly window: number;
  /** Fires when the volume z-score goes above this. */
  readonly threshold: number;
}
export interface CorrelationBreakParams extends PairRef {
  /** Fires when the rolling correlation of log returns falls below this. */
  readonly level: number;
}
export interface CointegrationHealthParams extends PairRef {
  /** The states that fire when the pair's health changes to them (default both). */
  readonly states: readonly HealthAlertState[];
}
export interface DataQualityParams {
  readonly symbol: string;
  readonly condition: DataQualityCondition;
  /** `stall`: no trade for this long; `lag`: feed lag (p99) beyond this. Unused by `gap`. */
  readonly thresholdMs: number;
}

/** Fires on each fill of a paper strategy (docs/backtest.md, "Paper trading"). */
export interface StrategyFillParams {
  /** The strategy whose fills fire, or null for every strategy's. */
  readonly strategyId: string | null;
}

export interface AlertParamsByType {
  readonly zscore: ZScoreParams;
  readonly price: PriceParams;
  readonly spread: SpreadParams;
  readonly volume_spike: VolumeSpikeParams;
  readonly correlation_break: CorrelationBreakParams;
  readonly cointegration_health: CointegrationHealthParams;
  readonly data_quality: DataQualityParams;
  readonly strategy_fill: StrategyFillParams;
}

export type AlertCondition = { [T in AlertRuleType]: { readonly type: T; readonly params: AlertParamsByType[T] } }[AlertRuleType];

export interface AlertRuleEnvelope {
  readonly id: string;
  readonly name: string;
  readonly severity: AlertSeverity;
  readonly enabled: boolean;
  /** After firing, the rule stays quiet this long (ms). */
  readonly cooldownMs: number;
  /** How far back inside the threshold the value must come before the rule re-arms (value units). */
  readonly hysteresis: number;
  readonly evaluateOn: EvaluateOn;
  /** Slack-compatible incoming webhook, or null. */
  readonly webhookUrl: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type AlertRule = AlertRuleEnvelope & AlertCondition;
export type AlertRuleOf<T extends AlertRuleType> = AlertRuleEnvelope & { readonly type: T; readonly params: AlertParamsByType[T] };
