/**
 * `ScreenerFeed`: keeps the Screener tab's rankings coming while the tab is open.
 *
 * It follows the `screener` channel, whose live screener (`tandem serve --screen-every`)
 * pushes each new ranking and the latest one on subscribe, and fetches `GET /api/screener`
 * when the tab opens and when the controls change to settings the live ranking does not
 * answer (`liveAnswers`): at once on opening, `debounceMs` after the last change of a control
 * (a screen of the universe is work on the server's job lane, not one per keystroke), and on
 * `refresh()` (the Refresh button). The table shows whichever of the two answers the controls
 * and is newer (`shownRanking`). Leaving the tab unsubscribes and cancels a fetch.
 * @module
 */

import type { ScreenerQuery } from '../../../src/server/dto/screener-schemas';
import type { ServerMessage } from '../../../src/server/dto/stream-messages';
import { errorMessage } from '../api/api-error';
import type { ScreenerApi } from '../api/screener-client';
import type { StreamClient } from '../api/stream-client';
import { liveAnswers, screenerQuery, screenerQueryKey } from '../view/screener-model';
import type { DashboardStore } from './dashboard-store';
import { screenerActions, type ScreenerControls } from './screener-state';

/** The channel of the live screener. */
export const SCREENER_CHANNEL = 'screener';

type Stream = Pick<StreamClient, 'subscribe' | 'unsubscribe'>;
type Api = Pick<ScreenerApi, 'ranking'>;

export class ScreenerFeed {
  private stream: Stream | null = null;
  private subscribed = false;
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The controls last looked at, and the query key they made (null: invalid, or tab closed). */
  private lastControls: ScreenerControls | null = null;
  private lastKey: string | null = null;
  private unsubscribeStore: (() => void) | null = null;

  constructor(
    private readonly store: DashboardStore,
    private readonly api: Api,
    private readonly debounceMs = 400,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Follows the store's tab and controls on `stream` (which the caller starts). */
  start(stream: Stream): void {
    this.stream = stream;
    this.unsubscribeStore = this.store.subscribe(() => this.sync());
    this.sync();
  }

  stop(): void {
    this.unsubscribeStore?.();
    this.unsubscribeStore = null;
    this.close();
  }

  onMessage(message: ServerMessage): void {
    if (message.type === 'screener') screenerActions.live(this.store, message.ranking, this.now());
  }

  /** Fetches the ranking of the current controls now, live or not (the Refresh button). */
  refresh(): void {
    const parsed = screenerQuery(this.store.getState().screener.controls);
    if (parsed.ok) void this.fetch(parsed.query, screenerQueryKey(parsed.query));
  }

  private sync(): void {
    const state = this.store.getState();
    if (state.tab !== 'screener') {
      if (this.subscribed) this.close();
      return;
    }
    if (!this.subscribed) {
      this.subscribed = true;
      void this.stream?.subscribe([SCREENER_CHANNEL]);
    }
    const controls = state.screener.controls;
    if (controls === this.lastControls) return;
    const opening = this.lastControls === null;
    this.lastControls = controls;
    const parsed = screenerQuery(controls);
    const key = parsed.ok ? screenerQueryKey(parsed.query) : null;
    if (key === this.lastKey && !opening) return;
    this.lastKey = key;
    this.cancelTimer();
    if (!parsed.ok || key === null) return;
    // The live screener already answers these settings: its next push will refresh them.
    const live = state.screener.live;
    if (!opening && live !== null && liveAnswers(live.value, parsed.query)) return;
    if (opening) void this.fetch(parsed.query, key);
    else this.timer = setTimeout(() => void this.fetch(parsed.query, key), this.debounceMs);
  }

  private async fetch(query: ScreenerQuery, key: string): Promise<void> {
    this.cancelTimer();
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    screenerActions.fetching(this.store, key);
    try {
      const ranking = await this.api.ranking(query, abort.signal);
      if (!abort.signal.aborted) screenerActions.fetched(this.store, key, ranking, this.now());
    } catch (e) {
      if (!abort.signal.aborted) screenerActions.failed(this.store, key, errorMessage(e));
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private close(): void {
    if (this.subscribed) this.stream?.unsubscribe([SCREENER_CHANNEL]);
    this.subscribed = false;
    this.cancelTimer();
    this.abort?.abort();
    this.abort = null;
    this.lastControls = null;
    this.lastKey = null;
  }
}
