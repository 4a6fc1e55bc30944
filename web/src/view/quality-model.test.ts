import { describe, expect, it } from 'vitest';
import type { BackfillProgress, FeedQuality, Status, SymbolStatus } from '../../../src/server/dto/api-schemas';
import { formatBackfill, formatLag, qualityModel, visibleQualityRows } from './quality-model';

const quality = (symbol: string, over: Partial<FeedQuality> = {}): FeedQuality => ({
  symbol,
  state: 'live',
  messagesPerSecond: 123.4,
  lagP50Ms: 3.25,
  lagP99Ms: 41.6,
  gapsDetected: 2,
  tradesRefilled: 1500,
  duplicatesDropped: 7,
  tradesUnrecovered: 0,
  malformedFrames: 1,
  reconnects: 3,
  lastReconnectReason: 'stalled: no message for 3.0 s',
  ...over,
});

const sym = (symbol: string, q: FeedQuality | null): SymbolStatus => ({ symbol, ticksPerSecond: 0, lastTickTs: null, lastPrice: null, ticksStored: 0, quality: q });

const status = (over: Partial<Status>): Status => ({
  source: 'binance',
  state: 'live',
  reason: null,
  symbols: [],
  ticksPerSecond: 0,
  rowsStored: { ticks: 0, bars: 0 },
  timeframes: ['1s', '1m', '5m'],
  serverTime: 0,
  sources: ['simulator', 'binance', 'replay'],
  playback: null,
  store: { kind: 'sqlite', location: 'data/tandem.db', schema: null },
  ...over,
});

describe('qualityModel', () => {
  it('is null for sources without feed quality', () => {
    expect(qualityModel(null)).toBeNull();
    expect(qualityModel(status({ source: 'simulator', symbols: [sym('BTCUSDT', null)] }))).toBeNull();
  });

  it('formats each symbol row', () => {
    const m = qualityModel(status({ symbols: [sym('BTCUSDT', quality('BTCUSDT')), sym('ETHUSDT', quality('ETHUSDT', { state: 'refilling', tradesUnrecovered: 4, lastReconnectReason: null }))] }));
    expect(m?.unreachable).toBeNull();
    expect(m?.rows[0]).toMatchObject({
      symbol: 'BTCUSDT',
      state: 'live',
      tone: 'ok',
      rate: '123',
      lagP50: '3.3',
      lagP99: '42',
      gaps: '2',
      refilled: '1,500',
      duplicates: '7',
      unrecovered: '0',
      lost: false,
      malformed: '1',
      reconnects: '3',
      reason: 'stalled: no message for 3.0 s',
      backfill: '—',
      backfillError: null,
      // One malformed frame is worth a look.
      problem: true,
    });
    expect(m?.rows[1]).toMatchObject({ state: 'refilling', tone: 'warn', lost: true, reason: '—' });
  });

  it('says Binance cannot be reached while a connection backs off, with the reason', () => {
    const m = qualityModel(status({ symbols: [sym('BTCUSDT', quality('BTCUSDT', { state: 'backing-off', lastReconnectReason: 'connect ECONNREFUSED 127.0.0.1:9' }))] }));
    expect(m?.unreachable).toEqual({ title: 'Binance cannot be reached — retrying', reason: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(m?.rows[0]?.tone).toBe('bad');
  });

  it("prefers the source's own reason, and says so even before any feed reports", () => {
    const m = qualityModel(status({ reason: 'fetch failed', symbols: [sym('BTCUSDT', null)] }));
    expect(m).toEqual({ rows: [], unreachable: { title: 'Binance cannot be reached — retrying', reason: 'fetch failed' }, problems: 0 });
  });

  it('leaves a refused start (state error) to the status panel', () => {
    expect(qualityModel(status({ state: 'error', reason: 'not trading on Binance USD-M Futures: FOOUSDT (unknown)' }))).toBeNull();
  });
});

describe('formatLag', () => {
  it('keeps a decimal below 10 ms', () => {
    expect([null, 0.84, 12.4, 1234.5].map(formatLag)).toEqual(['—', '0.8', '12', '1,235']);
  });
});

describe('formatBackfill', () => {
  const p = (state: BackfillProgress['state'], done: number, total: number): BackfillProgress => ({ state, minutesTotal: total, minutesDone: done, minutesPresent: 0, barsWritten: done, requests: 1, weightWaits: 0, error: null });
  it('says how far the history backfill has come, in minutes of the window', () => {
    expect(formatBackfill(null)).toBe('—');
    expect(formatBackfill(p('running', 1812, 2880))).toBe('backfill 62% (1,812/2,880 min)');
    expect(formatBackfill(p('pending', 0, 2880))).toBe('backfill 0% (0/2,880 min)');
    expect(formatBackfill(p('done', 2880, 2880))).toBe('backfilled 2,880 min');
    expect(formatBackfill(p('error', 1440, 2880))).toBe('backfill failed at 50% (1,440/2,880 min)');
  });

  it('shows the backfill in the symbol row', () => {
    const s = { ...sym('BTCUSDT', quality('BTCUSDT')), backfill: p('running', 10, 40) };
    expect(qualityModel(status({ symbols: [s] }))!.rows[0]!.backfill).toBe('backfill 25% (10/40 min)');
  });
});

describe('visibleQualityRows', () => {
  // 300 symbols, as the whole USD-M universe has: a few with problems among healthy ones.
  const symbols = Array.from({ length: 300 }, (_, i) => {
    const name = `S${String(i).padStart(3, '0')}USDT`;
    const over: Partial<FeedQuality> = { malformedFrames: 0, messagesPerSecond: i, lagP99Ms: (i * 37) % 300 };
    if (i === 17) over.state = 'stalled';
    if (i === 123) over.tradesUnrecovered = 5;
    if (i === 250) over.lagP99Ms = null;
    return sym(name, quality(name, over));
  });
  const m = qualityModel(status({ symbols }))!;

  it('filters to the problems only: not live, trades lost', () => {
    expect(m.problems).toBe(2);
    expect(visibleQualityRows(m.rows, 'symbol', 'asc', true).map((r) => r.symbol)).toEqual(['S017USDT', 'S123USDT']);
  });

  it('sorts by a figure either way, ties by symbol, unknown lag as the worst, without changing its input', () => {
    const before = m.rows.map((r) => r.symbol);
    expect(visibleQualityRows(m.rows, 'rate', 'desc', false)[0]!.symbol).toBe('S299USDT');
    expect(visibleQualityRows(m.rows, 'rate', 'asc', false)[0]!.symbol).toBe('S000USDT');
    expect(visibleQualityRows(m.rows, 'lagP99', 'desc', false)[0]!.symbol).toBe('S250USDT');
    expect(visibleQualityRows(m.rows, 'state', 'desc', false)[0]!.symbol).toBe('S017USDT');
    const byGaps = visibleQualityRows(m.rows, 'gaps', 'asc', false).map((r) => r.symbol);
    expect(byGaps).toEqual([...byGaps].sort());
    expect(m.rows.map((r) => r.symbol)).toEqual(before);
  });
});
