/**
 * The sidebar's source picker: which sources the server can start, in a fixed order, labelled.
 * @module
 */

import type { SourceKind } from '../../../src/server/dto/api-schemas';
import { sourceLabel } from './status-model';

/** The order of the picker, and the sources this dashboard knows how to start. */
const KNOWN: readonly SourceKind[] = ['simulator', 'binance', 'replay'];

export interface SourceOption {
  readonly value: SourceKind;
  readonly label: string;
}

/**
 * Options for the server's `status.sources`: the known ones it offers, in the picker's order;
 * before the first status (or from a server that lists none) just the Simulator, and always
 * the `current` choice so a select never shows a value it has no option for.
 */
export function sourceOptions(sources: readonly string[] | null | undefined, current?: SourceKind): readonly SourceOption[] {
  const offered = new Set(sources === null || sources === undefined || sources.length === 0 ? ['simulator'] : sources);
  if (current !== undefined) offered.add(current);
  return KNOWN.filter((k) => offered.has(k)).map((value) => ({ value, label: sourceLabel(value) }));
}
