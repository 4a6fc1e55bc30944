/**
 * The Pair Analytics tab's slice of the dashboard store: the selection, the z-score bands,
 * and the selected pair's series and tests as loaded (REST history joined with the live
 * `pair:` channel by `PairFeed`). Transitions are in pair-actions.ts.
 * @module
 */

import type { PairPointDto, PairTestsDto } from '../../../src/server/dto/pair-schemas';
import { DEFAULT_PAIR_SELECTION, type PairSelection } from './pair-selection';

/** Entry and exit levels of the z-score, drawn as ±entry and ±exit (one line at 0 when exit is 0). */
export interface PairBands {
  readonly entry: number;
  readonly exit: number;
}

export const DEFAULT_PAIR_BANDS: PairBands = { entry: 2, exit: 0 };

/**
 * - `loading`: subscribing and fetching history;
 * - `insufficient`: the server answered that the pair has too few bars yet (`message` says
 *   what is missing, in its words); the feed asks again as bars arrive;
 * - `ready`: history loaded, live points merged in;
 * - `error`: any other failure (`message`).
 */
export type PairPhase = 'idle' | 'loading' | 'insufficient' | 'ready' | 'error';

export interface PairTabState {
  readonly selection: PairSelection;
  /** True once the user or the address chose the selection; until then it may follow the stored data. */
  readonly chosen: boolean;
  readonly bands: PairBands;
  /** The channel whose data `points` and `tests` hold, or null before any load. */
  readonly key: string | null;
  readonly phase: PairPhase;
  readonly message: string | null;
  /** Ascending by start, one point per start (pair-points.ts). */
  readonly points: readonly PairPointDto[];
  /** Bumped whenever `points` is replaced wholesale, so the chart redraws with setData. */
  readonly generation: number;
  readonly tests: PairTestsDto | null;
  /** Start (epoch ms) of the bar under the crosshair, or null. */
  readonly hoverStart: number | null;
}

export const initialPairTabState: PairTabState = {
  selection: DEFAULT_PAIR_SELECTION,
  chosen: false,
  bands: DEFAULT_PAIR_BANDS,
  key: null,
  phase: 'idle',
  message: null,
  points: [],
  generation: 0,
  tests: null,
  hoverStart: null,
};
