/**
 * Turns the engine's status into the API's `Status` DTO.
 * @module
 */

import type { EngineStatus } from '../engine/live-engine.js';
import type { SourceKind, Status } from './dto/api-schemas.js';

export function toStatusDto(s: EngineStatus): Status {
  return { ...s, source: s.source as SourceKind | null, symbols: [...s.symbols], timeframes: [...s.timeframes], sources: [...s.sources] };
}
