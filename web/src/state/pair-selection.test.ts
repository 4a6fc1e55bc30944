import { describe, expect, it } from 'vitest';
import { DEFAULT_PAIR_SELECTION, isPairHash, pairChannel, pairHash, parsePairHash, type PairSelection } from './pair-selection';

describe('pair URL', () => {
  const sel: PairSelection = { y: 'ETHUSDT', x: 'BTCUSDT', tf: '1m', method: 'kalman', window: 60, prices: 'raw' };

  it('round-trips a selection through its hash', () => {
    expect(pairHash(sel)).toBe('#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60');
    expect(parsePairHash(pairHash(sel))).toEqual(sel);
    const log = { ...sel, prices: 'log' as const };
    expect(pairHash(log)).toBe('#/pair?y=ETHUSDT&x=BTCUSDT&tf=1m&method=kalman&window=60&prices=log');
    expect(parsePairHash(pairHash(log))).toEqual(log);
    expect(parsePairHash('#/pair?prices=ln')?.prices).toBe('raw');
  });

  it('fills what a link leaves out from the fallback, one parameter at a time', () => {
    expect(parsePairHash('#/pair?y=solusdt&x=BTCUSDT', { ...DEFAULT_PAIR_SELECTION, tf: '1s' })).toEqual({ y: 'SOLUSDT', x: 'BTCUSDT', tf: '1s', method: 'kalman', window: 20, prices: 'raw' });
    expect(parsePairHash('#/pair')).toEqual(DEFAULT_PAIR_SELECTION);
  });

  it('replaces invalid parameters rather than rejecting the link', () => {
    expect(parsePairHash('#/pair?y=ETH%20USDT&x=BNBUSDT&tf=7m&method=magic&window=1')).toEqual({ ...DEFAULT_PAIR_SELECTION, x: 'BNBUSDT' });
    expect(parsePairHash('#/pair?window=2.5')?.window).toBe(20);
    expect(parsePairHash('#/pair?window=10001')?.window).toBe(20);
  });

  it('never yields a pair of one symbol with itself', () => {
    expect(parsePairHash('#/pair?y=BTCUSDT&x=BTCUSDT')).toMatchObject({ y: 'BTCUSDT', x: 'ETHUSDT' });
    expect(parsePairHash('#/pair?y=ETHUSDT&x=ETHUSDT')).toMatchObject({ y: 'ETHUSDT', x: 'BTCUSDT' });
  });

  it('answers only for the pair route', () => {
    expect(isPairHash('#/pair?y=A')).toBe(true);
    expect(isPairHash('#/pairs')).toBe(false);
    expect(parsePairHash('#/overview')).toBeNull();
    expect(parsePairHash('')).toBeNull();
  });

  it('names the channel as the server does', () => {
    expect(pairChannel(sel)).toBe('pair:ETHUSDT:BTCUSDT:1m:kalman:60');
    expect(pairChannel({ ...sel, prices: 'log' })).toBe('pair:ETHUSDT:BTCUSDT:1m:kalman:60:log');
  });
});
