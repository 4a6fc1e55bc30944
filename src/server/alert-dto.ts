/**
 * Alert rules and events as the API sends them (`dto/alert-schemas.ts`): NaN becomes null.
 * @module
 */

import type { AlertRuleView } from '../engine/alert-engine.js';
import type { AlertEvent } from '../model/alert-event.js';
import type { AlertEventDto, AlertRuleDto } from './dto/alert-schemas.js';

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function toAlertEventDto(e: AlertEvent): AlertEventDto {
  return { ...e, value: orNull(e.value), threshold: orNull(e.threshold) };
}

export function toAlertRuleDto(v: AlertRuleView): AlertRuleDto {
  return { ...v.rule, stats: v.stats, phase: v.phase } as AlertRuleDto;
}
