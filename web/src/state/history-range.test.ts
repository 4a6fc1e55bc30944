import { describe, expect, it } from 'vitest';
import { DEFAULT_PAIR_SELECTION } from './pair-selection';
import { dataEnd, dataStart, isLive, rangeLabel, resolveRange, screenPoints, storedPairDefault, widenRange, type RangeContext } from './history-range';

const H = 3_600_000;
const D = 24 * H;
// Real March 2023 klines: 2023-03-09 00:00 to 2023-03-13 23:59 UTC, long after "now" is irrelevant.
const first = Date.UTC(2023, 2, 9);
const last = Date.UTC(2023, 2, 13, 23, 59);
const NOW = Date.UTC(2026, 11, 4);
const stored: RangeContext = { now: NOW, spans: [{ firstStart: first, lastStart: last }, { firstStart: first + H, lastStart: last - H }], lastTicks: [null, null] };
const live: RangeContext = { now: NOW, spans: [{ firstStart: NOW - 3 * D, lastStart: NOW - 60_000 }], lastTicks: [NOW - 500] };

describe('resolveRange', () => {
  it('leaves the latest window to each chart', () => {
    expect(resolveRange({ kind: 'latest' }, stored)).toBeNull();
  });

  it('ends a span at the latest bar both symbols have stored when nothing is live', () => {
    expect(isLive(stored)).toBe(false);
    expect(dataEnd(stored)).toBe(last - H + 60_000);
    expect(resolveRange({ kind: 'span', ms: D }, stored)).toEqual({ from: last - H + 60_000 - D, to: last - H + 60_000 });
  });

  it('keeps a span open-ended while the data is live, so live bars follow it', () => {
    expect(isLive(live)).toBe(true);
    expect(resolveRange({ kind: 'span', ms: H }, live)).toEqual({ from: NOW - H, to: undefined });
  });

  it('reaches back to the first bar all symbols have for all, and takes fixed dates as given', () => {
    expect(dataStart(stored)).toBe(first + H);
    expect(resolveRange({ kind: 'all' }, stored)).toEqual({ from: first + H, to: last - H + 60_000 });
    expect(resolveRange({ kind: 'between', from: 5, to: 9 }, stored)).toEqual({ from: 5, to: 9 });
  });

  it('falls back to the last tick, then to now, for symbols without coverage', () => {
    const ticks: RangeContext = { now: NOW, spans: [undefined], lastTicks: [NOW - D] };
    expect(dataEnd(ticks)).toBe(NOW - D + 1);
    expect(dataStart(ticks)).toBeNull();
    expect(resolveRange({ kind: 'span', ms: H }, ticks)).toEqual({ from: NOW - D + 1 - H, to: NOW - D + 1 });
    expect(dataEnd({ now: NOW, spans: [undefined], lastTicks: [undefined] })).toBe(NOW);
  });
});

describe('widenRange', () => {
  const end = last - H + 60_000;
  it('doubles what is loaded, and becomes all once that reaches the first stored bar', () => {
    expect(widenRange({ kind: 'latest' }, { first: end - 2 * H, last: end - 60_000 }, stored)).toEqual({ kind: 'span', ms: 4 * H });
    expect(widenRange({ kind: 'span', ms: D }, { first: end - D, last: end - 60_000 }, stored)).toEqual({ kind: 'span', ms: 2 * D });
    expect(widenRange({ kind: 'span', ms: 2 * D }, { first: end - 2 * D, last: end - 60_000 }, stored)).toEqual({ kind: 'span', ms: 4 * D });
    // The stored span is just under five days: eight would pass its first bar.
    expect(widenRange({ kind: 'span', ms: 4 * D }, { first: end - 4 * D, last: end - 60_000 }, stored)).toEqual({ kind: 'all' });
  });

  it('stays put for a young live chart: no coverage yet, or its first 1s bar inside the first stored minute', () => {
    const young: RangeContext = { now: NOW, spans: [undefined], lastTicks: [NOW - 100] };
    expect(widenRange({ kind: 'latest' }, { first: NOW - 30_000, last: NOW - 1000 }, young)).toEqual({ kind: 'latest' });
    const minute: RangeContext = { now: NOW, spans: [{ firstStart: NOW - 120_000, lastStart: NOW - 60_000 }], lastTicks: [NOW - 100] };
    expect(widenRange({ kind: 'latest' }, { first: NOW - 120_000 + 5000, last: NOW - 1000 }, minute)).toEqual({ kind: 'latest' });
  });

  it('stays put with nothing older to load, for all and for fixed dates', () => {
    expect(widenRange({ kind: 'span', ms: D }, { first: first + H, last: end }, stored)).toEqual({ kind: 'span', ms: D });
    expect(widenRange({ kind: 'all' }, { first: end - D, last: end }, stored)).toEqual({ kind: 'all' });
    expect(widenRange({ kind: 'between', from: 1, to: 2 }, { first: 1, last: 1 }, stored)).toEqual({ kind: 'between', from: 1, to: 2 });
  });
});

describe('storedPairDefault', () => {
  const coverage = { BTCUSDC: { firstStart: first, lastStart: last }, BTCUSDT: { firstStart: first, lastStart: last }, ADAUSDT: { firstStart: first, lastStart: first + D } };

  it('opens on the two stored symbols whose data ends latest when the default pair has none', () => {
    expect(storedPairDefault(DEFAULT_PAIR_SELECTION, coverage, [])).toEqual({ ...DEFAULT_PAIR_SELECTION, y: 'BTCUSDC', x: 'BTCUSDT' });
  });

  it('keeps a pair whose legs have data, stored or live, and needs two stored symbols to move', () => {
    expect(storedPairDefault(DEFAULT_PAIR_SELECTION, coverage, ['ETHUSDT', 'BTCUSDT'])).toBeNull();
    expect(storedPairDefault({ ...DEFAULT_PAIR_SELECTION, y: 'ADAUSDT' }, coverage, [])).toBeNull();
    expect(storedPairDefault(DEFAULT_PAIR_SELECTION, { BTCUSDC: coverage.BTCUSDC }, [])).toBeNull();
  });
});

describe('labels and points', () => {
  it('names presets, other spans, all and dates', () => {
    expect([rangeLabel({ kind: 'latest' }), rangeLabel({ kind: 'span', ms: D }), rangeLabel({ kind: 'span', ms: 36 * H }), rangeLabel({ kind: 'span', ms: 4 * D }), rangeLabel({ kind: 'all' })]).toEqual(['latest', '1d', '36h', '4d', 'all']);
    expect(rangeLabel({ kind: 'between', from: first, to: last })).toBe('2023-03-09 00:00 → 2023-03-13 23:59 UTC');
  });

  it('asks for the chart width in points, within 200 and 4000', () => {
    expect([screenPoints(90), screenPoints(1280.4), screenPoints(9000)]).toEqual([200, 1280, 4000]);
  });
});
