/**
 * The funding line of a price card: the current funding rate as a percentage per 8 h with its
 * sign (`+0.0100%`), the mark price, and the time left to the next settlement (`7:59:12`),
 * counted from the update's own event time so the view reads no clock. Null without a mark
 * (a source that has none, or before the first update).
 * @module
 */

import type { MarkPriceDto } from '../../../src/server/dto/api-schemas';
import { DASH, formatPrice } from './format';

export interface FundingModel {
  /** `+0.0100%`: per funding interval (8 h), with a true minus sign when negative. */
  readonly rate: string;
  /** Positive funding: longs pay shorts. */
  readonly tone: 'up' | 'down' | 'flat';
  readonly mark: string;
  /** `h:mm:ss` to the next settlement, or a dash. */
  readonly countdown: string;
  /** A tooltip: the rate in basis points, and the settlement time in UTC. */
  readonly title: string;
}

const MINUS = '\u2212';

/** A funding rate (a fraction per 8 h) as a signed percentage with four decimals: 0.0001 → `+0.0100%`. */
export function formatFundingRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  const pct = Math.abs(rate * 100).toFixed(4);
  if (Number(pct) === 0) return `0.0000%`;
  return `${rate < 0 ? MINUS : '+'}${pct}%`;
}

/** Milliseconds as `h:mm:ss` (`7:05:09`); negative or unknown as a dash. */
export function formatCountdown(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return DASH;
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** `decimals`: those of the card's last price, so mark and last line up. */
export function fundingModel(mark: MarkPriceDto | null | undefined, decimals?: number): FundingModel | null {
  if (mark === null || mark === undefined) return null;
  const rate = mark.fundingRate;
  const next = mark.nextFundingTime;
  return {
    rate: formatFundingRate(rate),
    tone: rate === null || rate === 0 ? 'flat' : rate > 0 ? 'up' : 'down',
    mark: formatPrice(mark.markPrice, decimals),
    countdown: formatCountdown(next === null ? null : next - mark.ts),
    title: rate === null || next === null ? 'no funding (delivery contract)' : `funding ${(rate * 10_000).toFixed(2)} bp per 8 h, next settlement ${new Date(next).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}
