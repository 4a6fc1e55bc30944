/**
 * A replay's progress, from `status.playback`: state, ticks played of the total, the file.
 * @module
 */

import { useDashboard } from '../state/dashboard-store';
import { playbackModel } from '../view/playback-model';

export function PlaybackBar() {
  const playback = useDashboard((s) => s.status?.playback ?? null);
  const m = playbackModel(playback);
  if (m === null) return null;
  return (
    <div className="playback" data-testid="playback" data-state={m.state}>
      <div className="playback-head">
        <span className={`badge badge-${m.tone}`} data-testid="playback-state">
          {m.state}
        </span>
        <span className="playback-file" title={m.path}>
          {m.file}
        </span>
      </div>
      <progress className={`bar bar-${m.tone}`} max={100} value={m.percent} aria-label="Replay progress" />
      <span className="field-hint-inline num" data-testid="playback-text">
        {m.text}
      </span>
      {m.error !== null && (
        <p className="field-error" role="alert" data-testid="playback-error">
          {m.error}
        </p>
      )}
    </div>
  );
}
