/**
 * Counters the fake Binance keeps, so tests can assert what a client did to it (connections,
 * pongs, subscribe messages, REST calls) as well as what it did to the client.
 * @module
 */

export interface FakeBinanceStats {
  /** WebSocket upgrades accepted (any path), and sockets closed for any reason. */
  connectionsOpened: number;
  connectionsClosed: number;
  /** Connections accepted on a path that never sends data (legacy `/stream`, `/ws`, `/public`...). */
  silentPathConnections: number;
  /** aggTrade frames sent, summed over connections (a duplicate sent by `resendIds` counts too). */
  framesSent: number;
  /** Frames sent by `resendIds`, summed over connections. */
  duplicatesSent: number;
  /** `markPriceUpdate` frames sent, summed over connections. */
  markFramesSent: number;
  /** Frames sent by `sendMalformed`, summed over connections. */
  malformedSent: number;
  pingsSent: number;
  pongsReceived: number;
  /** Every message the clients sent (text/binary, ping and pong frames): what the 10/s limit counts. */
  incomingMessages: number;
  /** JSON method messages (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, anything else). */
  methodMessages: number;
  /** SUBSCRIBE messages alone. */
  subscribeMessages: number;
  /** Connections the server closed: over the message limit, at the end of their life, for a missing pong. */
  rateLimitCloses: number;
  lifetimeCloses: number;
  pongTimeoutCloses: number;
  /** Sockets terminated by `dropConnections()`. */
  droppedByFault: number;
  restCalls: number;
  restCallsByPath: Record<string, number>;
  rest429Served: number;
  rest418Served: number;
}

export function emptyStats(): FakeBinanceStats {
  return {
    connectionsOpened: 0,
    connectionsClosed: 0,
    silentPathConnections: 0,
    framesSent: 0,
    duplicatesSent: 0,
    markFramesSent: 0,
    malformedSent: 0,
    pingsSent: 0,
    pongsReceived: 0,
    incomingMessages: 0,
    methodMessages: 0,
    subscribeMessages: 0,
    rateLimitCloses: 0,
    lifetimeCloses: 0,
    pongTimeoutCloses: 0,
    droppedByFault: 0,
    restCalls: 0,
    restCallsByPath: {},
    rest429Served: 0,
    rest418Served: 0,
  };
}
