/**
 * Turns the engine's status into the API's `Status` DTO.
 * @module
 */

import type { EngineStatus } from '../engine/live-engine.js';
import type { SourceKind, Status } from './dto/api-schemas.js';

export function toStatusDto(s: EngineStatus): Status {
  // The bus status's arrays are readonly in the engine; the DTO is only serialized, never mutated.
  const bus = s.bus as unknown as Status['bus'];
  return { ...s, source: s.source as SourceKind | null, symbols: [...s.symbols], timeframes: [...s.timeframes], sources: [...s.sources], bus };
}
