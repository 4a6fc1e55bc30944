/**
 * `warmupBars`: how many aligned bars a run needs before its first z-score, by hedge method.
 *
 * A rolling regression (`ols`, `huber`, `theilsen`) has its first β on the window's last bar
 * (index w − 1), so its first spread there, and the rolling z of spreads its first value w − 1
 * bars later: index 2w − 2. The Kalman filter leaves its first w spreads undefined as warm-up
 * (hedge-estimator.ts), so its first z is at index w + w − 1 = 2w − 1. A paper strategy starts
 * its bars this many bars before the latest stored bar, so its first z (and first possible
 * decision) is on that bar and its first possible fill on the first bar after it starts: it never
 * trades in the past. A test holds these indices equal to `backtestSignals`'s.
 * @module
 */

import type { HedgeMethod } from '../model/pair-spec.js';

export function warmupBars(method: HedgeMethod, window: number): number {
  return method === 'kalman' ? 2 * window - 1 : 2 * window - 2;
}
