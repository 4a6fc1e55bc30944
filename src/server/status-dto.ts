/**
 * Turns the engine's status into the API's `Status` DTO.
 * @module
 */

import type { EngineStatus } from '../engine/live-engine.js';
import type { MarkPrice } from '../model/mark-price.js';
import type { MarkPriceDto, SourceKind, Status } from './dto/api-schemas.js';

export function toStatusDto(s: EngineStatus): Status {
  // The bus status's arrays are readonly in the engine; the DTO is only serialized, never mutated.
  const bus = s.bus as unknown as Status['bus'];
  const symbols = s.symbols.map((x) => ({ ...x, mark: x.mark === null ? null : toMarkPriceDto(x.mark) }));
  return { ...s, source: s.source as SourceKind | null, symbols, timeframes: [...s.timeframes], sources: [...s.sources], bus };
}

/** JSON has no NaN: an unknown index or settle price is null. */
export function toMarkPriceDto(m: MarkPrice): MarkPriceDto {
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { symbol: m.symbol, ts: m.ts, markPrice: m.markPrice, indexPrice: num(m.indexPrice), estimatedSettlePrice: num(m.estimatedSettlePrice), fundingRate: m.fundingRate, nextFundingTime: m.nextFundingTime };
}
