/**
 * Messages of the WebSocket at `/api/stream`. Channels: `bars:<SYMBOL>:<tf>`,
 * `pair:<Y>:<X>:<tf>:<method>:<window>` and `status`.
 *
 * Client → server: `{"op":"subscribe","channels":[...]}` / `{"op":"unsubscribe","channels":[...]}`.
 * Server → client: `subscribed`/`unsubscribed` acknowledgements, `bar` updates (the forming
 * bar, then the final bar of each bucket; a later message for the same `start` replaces an
 * earlier one), `status` snapshots about once a second, and `error` for a bad message.
 * A pair channel sends `pair_snapshot` (the live series so far) once its history is loaded,
 * then `pair_point` for each final aligned bar and for the forming one (`final: false`; a later
 * message for the same `start` replaces an earlier one) and `pair_tests` when the periodic
 * tests are recomputed. A `backtest:<jobId>` channel sends `backtest_job` with the sweep job's
 * state and progress (at most every 100 ms), the last one with its result. The `alerts` channel
 * sends `alert` with each fired alert event as it is stored (each event once, never coalesced).
 * A `strategy:<id>` channel sends `strategy` (a paper strategy's position, last equity point and
 * metrics) on subscribe, on every new final bar and on every fill (with `fill`; never coalesced).
 * The `screener` channel sends `screener` with each new ranking of the live screener (and the
 * latest one on subscribe, when there is one).
 * The `marks` channel sends `mark` with each perpetual's mark price and funding rate, about once
 * a second per symbol (the latest ones at once on subscribing; coalesced per symbol).
 * Updates are coalesced per client: a slow client gets the latest state, not a backlog.
 * @module
 */

import type { StrategyStreamMessage } from './strategy-schemas.js';
import type { AlertEventDto } from './alert-schemas.js';
import type { BarDto, MarkPriceDto, Status } from './api-schemas.js';
import type { SweepJobDto } from './backtest-schemas.js';
import type { PairPointDto, PairSeriesDto, PairTestsDto } from './pair-schemas.js';
import type { ScreenerRanking } from './screener-schemas.js';

export type ClientMessage =
  | { readonly op: 'subscribe'; readonly channels: readonly string[] }
  | { readonly op: 'unsubscribe'; readonly channels: readonly string[] };

export type ServerMessage =
  | { readonly type: 'subscribed'; readonly channels: readonly string[] }
  | { readonly type: 'unsubscribed'; readonly channels: readonly string[] }
  | { readonly type: 'bar'; readonly channel: string; readonly bar: BarDto; readonly final: boolean; readonly revised?: boolean }
  | { readonly type: 'status'; readonly channel: 'status'; readonly status: Status }
  | { readonly type: 'pair_snapshot'; readonly channel: string; readonly series: PairSeriesDto; readonly provisional: PairPointDto | null; readonly tests: PairTestsDto | null }
  | { readonly type: 'pair_point'; readonly channel: string; readonly point: PairPointDto; readonly final: boolean }
  | { readonly type: 'pair_tests'; readonly channel: string; readonly tests: PairTestsDto }
  | { readonly type: 'backtest_job'; readonly channel: string; readonly job: SweepJobDto }
  | { readonly type: 'alert'; readonly channel: 'alerts'; readonly event: AlertEventDto }
  | StrategyStreamMessage
  | { readonly type: 'screener'; readonly channel: 'screener'; readonly ranking: ScreenerRanking }
  | { readonly type: 'mark'; readonly channel: 'marks'; readonly mark: MarkPriceDto }
  | { readonly type: 'error'; readonly error: { readonly code: string; readonly message: string } };
