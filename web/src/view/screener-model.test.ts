import { describe, expect, it } from 'vitest';
import type { ScreenerItemDto, ScreenerRanking } from '../../../src/server/dto/screener-schemas';
import { DEFAULT_SCREENER_CONTROLS, DEFAULT_SCREENER_SORT, initialScreenerState, type ScreenerState } from '../state/screener-state';
import { emptyRankingMessage, formatAsOf, formatHalfLife, liveAnswers, screenerQuery, screenerQueryKey, screenerRows, shownRanking, sortedItemIndices, sparkline } from './screener-model';

const item = (y: string, x: string, over: Partial<ScreenerItemDto> = {}): ScreenerItemDto => ({
  y, x, beta: 1, alpha: 0, pvalue: 0.01, halfLife: 10, corr: 0.9, hurst: 0.4, z: 0, betaStability: 0.05, score: 1, spread: [0, 1, 0, -1, 0], ...over,
});

const ranking = (items: ScreenerItemDto[], over: Partial<ScreenerRanking> = {}): ScreenerRanking => ({
  asOf: Date.UTC(2026, 11, 4, 9, 5), tf: '1m', lookback: 1440, prices: 'log', symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], pairsTested: items.length, items, ...over,
});

// The server's order: p-value ascending.
const ITEMS = [
  item('ETHUSDT', 'BTCUSDT', { pvalue: 0.001, halfLife: 30, corr: 0.95, z: -2.5, score: 3, hurst: 0.3 }),
  item('SOLUSDT', 'BTCUSDT', { pvalue: 0.02, halfLife: null, corr: 0.7, z: 1.2, score: 5, hurst: null }),
  item('SOLUSDT', 'ETHUSDT', { pvalue: 0.2, halfLife: 12, corr: 0.8, z: null, score: 1, hurst: 0.45 }),
];

describe('screenerQuery', () => {
  it('turns the default controls into the server defaults, written out', () => {
    expect(screenerQuery(DEFAULT_SCREENER_CONTROLS)).toEqual({ ok: true, query: { tf: '1m', prices: 'log', lookback: 1440, limit: 50 } });
  });

  it('names each field that is out of the server’s bounds', () => {
    const r = screenerQuery({ ...DEFAULT_SCREENER_CONTROLS, tf: '7x', lookback: '10', limit: '2.5', minCorr: '1.2', minQuoteVolume: '-1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['limit', 'lookback', 'minCorr', 'minQuoteVolume', 'tf']);
    expect(r.errors.lookback).toBe('lookback must be an integer from 30 to 20000 (got 10)');
    expect(r.errors.minCorr).toBe('minCorr must be a number from 0 to 1 (got 1.2)');
  });

  it('leaves empty fields to the server and gives equal queries equal keys', () => {
    const r = screenerQuery({ ...DEFAULT_SCREENER_CONTROLS, lookback: '', limit: ' ', minCorr: '0.7', prices: 'raw' });
    expect(r).toEqual({ ok: true, query: { tf: '1m', prices: 'raw', minCorr: 0.7 } });
    if (!r.ok) return;
    expect(screenerQueryKey(r.query)).toBe(screenerQueryKey({ minCorr: 0.7, prices: 'raw', tf: '1m' }));
    expect(screenerQueryKey(r.query)).not.toBe(screenerQueryKey({ tf: '1m', prices: 'log', minCorr: 0.7 }));
  });
});

describe('liveAnswers', () => {
  const q = { tf: '1m', lookback: 1440, limit: 2, prices: 'log' as const };
  it('is true for the live settings and the default prefilters', () => {
    expect(liveAnswers(ranking(ITEMS), q)).toBe(true);
    expect(liveAnswers(ranking(ITEMS), { ...q, minCorr: 0.5, minQuoteVolume: 0 })).toBe(true);
  });
  it('is false for another timeframe, lookback, prices or prefilter', () => {
    expect(liveAnswers(ranking(ITEMS), { ...q, tf: '5m' })).toBe(false);
    expect(liveAnswers(ranking(ITEMS), { ...q, lookback: 500 })).toBe(false);
    expect(liveAnswers(ranking(ITEMS), { ...q, prices: 'raw' })).toBe(false);
    expect(liveAnswers(ranking(ITEMS), { ...q, minCorr: 0.8 })).toBe(false);
  });
  it('answers a larger limit only when it holds every tested pair', () => {
    expect(liveAnswers(ranking(ITEMS), { ...q, limit: 50 })).toBe(true);
    expect(liveAnswers(ranking(ITEMS, { pairsTested: 10 }), { ...q, limit: 50 })).toBe(false);
  });
});

describe('shownRanking', () => {
  const key = screenerQueryKey({ tf: '1m', prices: 'log', lookback: 1440, limit: 50 });
  const withRankings = (fetched: ScreenerRanking | null, live: ScreenerRanking | null, controls = DEFAULT_SCREENER_CONTROLS): ScreenerState => ({
    ...initialScreenerState,
    controls,
    fetched: { phase: fetched === null ? 'idle' : 'ready', key: fetched === null ? null : key, value: fetched, valueKey: fetched === null ? null : key, error: null, receivedAt: fetched === null ? null : 1 },
    live: live === null ? null : { value: live, receivedAt: 2 },
  });

  it('prefers the live ranking when it answers the controls and is not older', () => {
    const shown = shownRanking(withRankings(ranking(ITEMS), ranking(ITEMS)));
    expect(shown?.source).toBe('live');
  });
  it('shows the fetched ranking when it is newer than the live one', () => {
    const shown = shownRanking(withRankings(ranking(ITEMS, { asOf: 2000 }), ranking(ITEMS, { asOf: 1000 })));
    expect(shown?.source).toBe('fetched');
  });
  it('ignores a live ranking of other settings, and marks a fetched one of another query stale', () => {
    expect(shownRanking(withRankings(null, ranking(ITEMS, { tf: '5m' })))).toBeNull();
    expect(shownRanking(withRankings(ranking(ITEMS), null, { ...DEFAULT_SCREENER_CONTROLS, lookback: '600' }))).toMatchObject({ source: 'fetched', stale: true });
    expect(shownRanking(withRankings(ranking(ITEMS), null))).toMatchObject({ source: 'fetched', stale: false });
  });
  it('keeps the last fetched ranking on screen while a control is invalid', () => {
    const shown = shownRanking(withRankings(ranking(ITEMS), null, { ...DEFAULT_SCREENER_CONTROLS, lookback: '10' }));
    expect(shown).toMatchObject({ source: 'fetched', stale: true });
    expect(shown?.ranking.items).toHaveLength(3);
  });
  it('cuts the live ranking to the limit', () => {
    const many = Array.from({ length: 5 }, (_, i) => item(`A${i}USDT`, 'BTCUSDT'));
    const shown = shownRanking(withRankings(null, ranking(many), { ...DEFAULT_SCREENER_CONTROLS, limit: '3' }));
    expect(shown?.ranking.items.map((i) => i.y)).toEqual(['A0USDT', 'A1USDT', 'A2USDT']);
  });
});

describe('sortedItemIndices', () => {
  it('keeps the server’s order by default (p-value ascending)', () => {
    expect(sortedItemIndices(ITEMS, DEFAULT_SCREENER_SORT)).toEqual([0, 1, 2]);
  });
  it('sorts by score descending and ascending', () => {
    expect(sortedItemIndices(ITEMS, { key: 'score', dir: 'desc' })).toEqual([1, 0, 2]);
    expect(sortedItemIndices(ITEMS, { key: 'score', dir: 'asc' })).toEqual([2, 0, 1]);
  });
  it('puts undefined values last in either direction', () => {
    expect(sortedItemIndices(ITEMS, { key: 'halfLife', dir: 'asc' })).toEqual([2, 0, 1]);
    expect(sortedItemIndices(ITEMS, { key: 'halfLife', dir: 'desc' })).toEqual([0, 2, 1]);
    expect(sortedItemIndices(ITEMS, { key: 'hurst', dir: 'desc' })).toEqual([2, 0, 1]);
  });
  it('sorts z by its size, so the most stretched spreads come first', () => {
    expect(sortedItemIndices(ITEMS, { key: 'z', dir: 'desc' })).toEqual([0, 1, 2]);
  });
  it('sorts pairs by name', () => {
    expect(sortedItemIndices(ITEMS, { key: 'pair', dir: 'desc' })).toEqual([2, 1, 0]);
  });
});

describe('screenerRows', () => {
  it('formats each cell and keeps the server’s rank', () => {
    const rows = screenerRows(ranking(ITEMS), { key: 'score', dir: 'desc' });
    expect(rows.map((r) => [r.rank, r.id])).toEqual([[2, 'SOLUSDT/BTCUSDT'], [1, 'ETHUSDT/BTCUSDT'], [3, 'SOLUSDT/ETHUSDT']]);
    const eth = rows[1]!;
    expect(eth.cells).toEqual({ pvalue: '0.001', halfLife: '30.0 · 30m', beta: '1.000', corr: '0.950', hurst: '0.30', z: '\u22122.50', betaStability: '0.050', score: '3.00' });
    expect(eth.zTone).toBe('stretched');
    expect(eth.pTone).toBe('strong');
    expect(rows[0]!.pTone).toBe('ok');
    expect(rows[0]!.cells.halfLife).toBe('\u2014');
    expect(rows[2]!.cells.z).toBe('\u2014');
    expect(rows[2]!.pTone).toBe('weak');
  });
});

describe('sparkline', () => {
  it('spans the box, highest value at the top, with the mean’s height', () => {
    expect(sparkline([0, 2, 1])).toEqual({ points: '0.0,19.0 50.0,1.0 100.0,10.0', mean: 10 });
  });
  it('is empty below two points and ignores non-finite values', () => {
    expect(sparkline([1])).toEqual({ points: '', mean: null });
    expect(sparkline([Number.NaN, 1, 1]).points).toBe('0.0,19.0 100.0,19.0');
  });
});

describe('emptyRankingMessage', () => {
  it('says which symbols are missing bars', () => {
    expect(emptyRankingMessage(ranking([], { symbols: ['BTCUSDT'] }), undefined)).toBe('need ≥ 2 symbols with bars at 1m over the last 1440 bars, at least 30 (only BTCUSDT has them); import klines or let a source run longer');
    expect(emptyRankingMessage(ranking([], { symbols: [], lookback: 600, tf: '5m' }), undefined)).toMatch(/^need ≥ 2 symbols with bars at 5m over the last 600 bars, at least 30 \(no symbol has them\)/);
  });
  it('says when the prefilter left no pair', () => {
    expect(emptyRankingMessage(ranking([], { pairsTested: 0 }), 0.9)).toBe('no pair of the 3 symbols passed the prefilter |corr| ≥ 0.9; lower minCorr');
  });
  it('is null when there are rows', () => {
    expect(emptyRankingMessage(ranking(ITEMS), undefined)).toBeNull();
  });
});

describe('formatting', () => {
  it('shows half-lives in bars and in time at the timeframe', () => {
    expect(formatHalfLife(90, 60_000)).toBe('90.0 · 90m');
    expect(formatHalfLife(null, 60_000)).toBe('\u2014');
    expect(formatHalfLife(-3, 60_000)).toBe('\u2014');
  });
  it('shows the as-of time in UTC', () => {
    expect(formatAsOf(Date.UTC(2026, 11, 4, 9, 5))).toBe('2026-12-04 09:05 UTC');
    expect(formatAsOf(null)).toBe('\u2014');
  });
});
