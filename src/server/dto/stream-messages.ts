/**
 * Messages of the WebSocket at `/api/stream`. Channels: `bars:<SYMBOL>:<tf>` and `status`.
 *
 * Client → server: `{"op":"subscribe","channels":[...]}` / `{"op":"unsubscribe","channels":[...]}`.
 * Server → client: `subscribed`/`unsubscribed` acknowledgements, `bar` updates (the forming
 * bar, then the final bar of each bucket; a later message for the same `start` replaces an
 * earlier one), `status` snapshots about once a second, and `error` for a bad message.
 * Updates are coalesced per client: a slow client gets the latest state, not a backlog.
 * @module
 */

import type { BarDto, Status } from './api-schemas.js';

export type ClientMessage =
  | { readonly op: 'subscribe'; readonly channels: readonly string[] }
  | { readonly op: 'unsubscribe'; readonly channels: readonly string[] };

export type ServerMessage =
  | { readonly type: 'subscribed'; readonly channels: readonly string[] }
  | { readonly type: 'unsubscribed'; readonly channels: readonly string[] }
  | { readonly type: 'bar'; readonly channel: string; readonly bar: BarDto; readonly final: boolean; readonly revised?: boolean }
  | { readonly type: 'status'; readonly channel: 'status'; readonly status: Status }
  | { readonly type: 'error'; readonly error: { readonly code: string; readonly message: string } };
