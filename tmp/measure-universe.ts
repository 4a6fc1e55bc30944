// Not committed: measures --symbols ALL at universe size against the fake Binance with the real weight budget.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveEngine } from '../src/engine/live-engine.js';
import { FakeBinance } from '../src/fake-binance/fake-binance.js';

const N = Number(process.argv[2] ?? 300);
const symbols = Array.from({ length: N }, (_, i) => `C${String(i).padStart(3, '0')}USDT`);
const fake = await FakeBinance.start({ symbols, tradesPerSecond: 600, seed: 3, markPriceIntervalMs: 1000 });
const dir = mkdtempSync(join(tmpdir(), 'tandem-measure-'));
const engine = new LiveEngine({
  dbPath: join(dir, 't.db'),
  env: { TANDEM_BINANCE_WS_URL: fake.wsBaseUrl, TANDEM_BINANCE_REST_URL: fake.restBaseUrl },
  backfill: { lookbackMs: 2 * 86_400_000 },
});
const t0 = Date.now();
await engine.startIngestion({ source: 'binance', symbols: ['ALL'] });
console.log(`start resolved after ${Date.now() - t0} ms; connections ${fake.stats().liveConnections}`);
let maxWeight = 0;
for (;;) {
  await new Promise((r) => setTimeout(r, 5000));
  const st = await engine.status();
  const s = fake.stats();
  maxWeight = Math.max(maxWeight, s.restUsedWeight1m);
  const withQ = st.symbols.filter((x) => x.quality !== null).length;
  const bfDone = st.symbols.filter((x) => x.backfill?.state === 'done').length;
  const streams = fake.connections().map((c) => c.streams.length);
  console.log(`${Math.round((Date.now() - t0) / 1000)} s: symbols ${st.symbols.length}, streaming ${withQ}, conns ${JSON.stringify(streams)}, backfill done ${bfDone}, 429 ${s.rest429Served}, weight now ${s.restUsedWeight1m}, max ${maxWeight}, rest calls ${s.restCalls}, marks ${st.symbols.filter((x) => x.mark != null).length}`);
  if (withQ === N && bfDone === N) break;
  if (Date.now() - t0 > 9 * 60_000) break;
}
await engine.close();
await fake.stop();
