import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/server/dto/api-schemas';
import { createDashboardStore, initialDashboardState, MAX_WATCHED_SYMBOLS, selectWatchedSymbols } from './dashboard-store';

const statusOf = (symbols: readonly string[]): Status => ({ symbols: symbols.map((symbol) => ({ symbol, ticksPerSecond: 0, lastTickTs: null, lastPrice: null, ticksStored: 0, quality: null })) }) as unknown as Status;

describe('selectWatchedSymbols at universe size', () => {
  const universe = Array.from({ length: 300 }, (_, i) => `U${String(i).padStart(3, '0')}USDT`);

  it('watches the first symbols of a 300-symbol universe, not all of them', () => {
    const store = createDashboardStore({ ...initialDashboardState, status: statusOf(universe), selectedSymbol: universe[0]! });
    expect(selectWatchedSymbols(store.getState())).toEqual(universe.slice(0, MAX_WATCHED_SYMBOLS));
  });

  it('adds the selected symbol when it is beyond them', () => {
    const store = createDashboardStore({ ...initialDashboardState, status: statusOf(universe), selectedSymbol: 'U250USDT' });
    const watched = selectWatchedSymbols(store.getState());
    expect(watched).toHaveLength(MAX_WATCHED_SYMBOLS + 1);
    expect(watched.at(-1)).toBe('U250USDT');
  });

  it('keeps a short list whole', () => {
    const store = createDashboardStore({ ...initialDashboardState, status: statusOf(['BTCUSDT', 'ETHUSDT']) });
    expect(selectWatchedSymbols(store.getState())).toEqual(['BTCUSDT', 'ETHUSDT']);
  });
});
