/**
 * Volume spikes: bars whose volume stands out from its recent history (`volume_spikes`, docs/compute.md).
 * @module
 */

import { invalid, type Series } from './preconditions.js';
import { rollingZScore } from './rolling-zscore.js';

export interface VolumeSpikesResult {
  /** Rolling z-score of volume (as `rollingZScore`); NaN before the window fills. */
  readonly z: Float64Array;
  /** Indices i with z[i] > threshold, ascending. */
  readonly spikes: number[];
}

/**
 * z[i] = (vᵢ − mean)/std over the window of `window` bars ending at i (the current bar
 * included, sample std), exactly as `rolling_zscore`; a spike is z[i] > threshold (strictly,
 * one-sided: only unusually high volume). Windows of equal volumes have no z and no spike.
 *
 * @throws TandemError `invalid_input` when threshold is not finite and > 0.
 */
export function volumeSpikes(volume: Series, window: number, threshold = 3): VolumeSpikesResult {
  if (!(threshold > 0) || !Number.isFinite(threshold)) invalid('volume_spikes', `threshold must be a finite number > 0 (got ${threshold})`);
  const { z } = rollingZScore(volume, window);
  const spikes: number[] = [];
  for (let i = 0; i < z.length; i++) if (z[i]! > threshold) spikes.push(i);
  return { z, spikes };
}
