/**
 * Writes a database that shows the simulator's hedge-ratio regime shift at 5m bars: the seeded
 * basket of the pair-analytics integration test (seed 3, a shift of ETH's loading about once a
 * day), from its start until `--hours-after` hours after the first shift past the first day.
 *
 *   npx tsx scripts/make-regime-demo.ts --db /tmp/regime-after.db --hours-after 12
 *   npx tsx scripts/make-regime-demo.ts --db /tmp/regime-before.db --hours-after=-0.5
 *
 * Ticks, 1m and 5m bars are stored as the live engine would store them.
 */
import { parseArgs } from 'node:util';
import { ohlcvBars } from '../src/bars/ohlcv-bars.js';
import { resampleOhlcv } from '../src/bars/resample-ohlcv.js';
import { BasketModel } from '../src/ingest/simulator/basket-model.js';
import type { Tick } from '../src/model/tick.js';
import type { Timeframe } from '../src/model/timeframe.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, 'hours-after': { type: 'string', default: '12' } } });
if (values.db === undefined) throw new Error('--db is required');
// Start 3 days 7 hours before now (on a 5m boundary), so the data ends shortly before now and
// the dashboard's default range (the last 1,000 bars) shows it; the run is the same for any start.
const start = Math.floor((Date.now() - (3 * 24 + 7) * 3_600_000) / 300_000) * 300_000;
const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const model = new BasketModel({ symbols, seed: 3, startMs: start, tradesPerSecond: 3, regimeShiftEverySeconds: 86_400 });
const step = 300_000;
const ticks: Tick[] = [];
let shiftAt: number | null = null;
let loading = model.loadings()['ETHUSDT']!;
for (let t = start; t < start + 4 * 86_400_000 && shiftAt === null; t += step) {
  ticks.push(...model.advanceTo(t + step));
  if (model.loadings()['ETHUSDT'] !== loading) {
    if (t > start + 86_400_000) shiftAt = t;
    loading = model.loadings()['ETHUSDT']!;
  }
}
if (shiftAt === null) throw new Error('no regime shift in four days');
const end = shiftAt + Number(values['hours-after']) * 3_600_000;
for (const t of model.advanceTo(end)) ticks.push(t);
const kept = ticks.filter((t) => t.ts < end);
const store = SqliteStore.open(values.db);
for (let i = 0; i < kept.length; i += 50_000) store.ticks.appendTicksSync(kept.slice(i, i + 50_000));
for (const symbol of symbols) {
  const own = kept.filter((t) => t.symbol === symbol);
  for (const [tf, ms] of [['1m', 60_000], ['5m', 300_000]] as const) {
    const c = resampleOhlcv(own.map((t) => t.ts), own.map((t) => t.price), own.map((t) => t.qty), ms);
    const bars = ohlcvBars(c, symbol, tf as Timeframe);
    store.bars.upsertBarsSync(bars);
  }
}
store.close();
console.log(`wrote ${values.db}: ${kept.length} ticks until ${new Date(end).toISOString()}; ETH's loading shifted at ${new Date(shiftAt).toISOString()}`);
