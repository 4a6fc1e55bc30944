/**
 * The screener's ranking as its DTO (`dto/screener-schemas.ts`): the same fields, in mutable arrays.
 * @module
 */

import type { ScreenerRanking } from '../model/screener-ranking.js';
import type { ScreenerRanking as ScreenerRankingDto } from './dto/screener-schemas.js';

export function toScreenerRankingDto(r: ScreenerRanking): ScreenerRankingDto {
  return { ...r, symbols: [...r.symbols], items: r.items.map((i) => ({ ...i, spread: [...i.spread] })) };
}
