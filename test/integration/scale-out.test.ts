/**
 * Scale-out end to end, as separate processes of the built CLI: a fake Binance with four
 * symbols, two `tandem ingest --bus redis` workers splitting them, two `tandem serve --bus redis
 * --store postgres` servers on one PostgreSQL schema and one Redis prefix. One worker is killed
 * with SIGKILL mid-stream (the other's symbols keep flowing), then restarted (its symbols
 * refill from the fake's REST); one server is killed with SIGKILL (the other claims its pending
 * entries) and a third joins mid-stream. When the fake stops, PostgreSQL holds exactly the trades the fake emitted, per
 * symbol: none lost, none twice. Needs `npm run build` (it runs dist/).
 *
 * SCALE_OUT_SECONDS (default 2) sets how long each phase streams; CI runs the default.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { resampleOhlcv } from '../../src/bars/resample-ohlcv.js';
import { FakeBinance } from '../../src/fake-binance/fake-binance.js';
import { dropSchemas, PG_URL, postgresAvailable, uniqueSchema } from '../helpers/postgres-service.js';
import { dropPrefix, REDIS_URL, redisAvailable, uniquePrefix } from '../helpers/redis-service.js';
import { TandemProcess } from '../helpers/tandem-process.js';
import { waitFor } from '../helpers/wait-for.js';

const available = (await redisAvailable()) && (await postgresAvailable());
const PHASE_MS = Number(process.env['SCALE_OUT_SECONDS'] ?? 2) * 1000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
const SPLIT = [SYMBOLS.slice(0, 2), SYMBOLS.slice(2)] as const;

describe.skipIf(!available)('scale-out over the Redis Streams bus', () => {
  const schema = uniqueSchema('scaleout');
  const prefix = uniquePrefix('scaleout');
  const procs: TandemProcess[] = [];
  let fake: FakeBinance | null = null;
  const db = new pg.Client({ connectionString: PG_URL });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await fake?.stop();
    await db.end().catch(() => undefined);
    await dropSchemas(schema);
    await dropPrefix(prefix);
  });

  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  function worker(i: 0 | 1): TandemProcess {
    const p = new TandemProcess(`worker ${i}`, ['ingest', '--source', 'binance', '--symbols', SPLIT[i].join(','), '--bus', 'redis', '--redis-url', REDIS_URL, '--redis-prefix', prefix, '--quiet'], {
      TANDEM_BINANCE_WS_URL: fake!.wsBaseUrl,
      TANDEM_BINANCE_REST_URL: fake!.restBaseUrl,
    });
    procs.push(p);
    return p;
  }

  async function server(i: number): Promise<{ proc: TandemProcess; url: string }> {
    const proc = new TandemProcess(`server ${i}`, ['serve', '--bus', 'redis', '--store', 'postgres', '--port', '0', '--redis-url', REDIS_URL, '--redis-prefix', prefix], {
      TANDEM_PG_URL: PG_URL,
      TANDEM_PG_SCHEMA: schema,
      TANDEM_BUS_CLAIM_MS: '1500',
    });
    procs.push(proc);
    const m = await proc.waitForOutput(/dashboard and API on (http:\/\/\S+)/);
    return { proc, url: m[1]! };
  }

  async function storedIds(symbol: string): Promise<number[]> {
    const { rows } = await db.query<{ trade_id: string }>(`SELECT trade_id FROM "${schema}".ticks WHERE symbol = $1 ORDER BY trade_id`, [symbol]);
    return rows.map((r) => Number(r.trade_id));
  }

  it('stores exactly the emitted trades through a worker SIGKILL and restart and a server SIGKILL', { timeout: 150_000 }, async () => {
    fake = await FakeBinance.start({ symbols: SYMBOLS, tradesPerSecond: 400, seed: 5, paused: true });
    // One server first, so the schema is migrated once; the second joins the same store and bus.
    const s1 = await server(1);
    const s2 = await server(2);
    await db.connect();
    const workers = [worker(0), worker(1)];
    await waitFor('both workers connected', () => fake!.stats().liveConnections >= 2, 20_000);
    fake.resume();
    await sleep(PHASE_MS);

    // Worker 0 dies outright; worker 1's symbols keep flowing into the store meanwhile.
    workers[0]!.kill('SIGKILL');
    await workers[0]!.exited;
    const before = await Promise.all(SPLIT[1].map(storedIds));
    await sleep(PHASE_MS);
    const after = await Promise.all(SPLIT[1].map(storedIds));
    for (let i = 0; i < SPLIT[1].length; i++) expect(after[i]!.length).toBeGreaterThan(before[i]!.length);

    // Restarted, worker 0 resumes from the last id it published and refills its gap through REST.
    const aggTradesCalls = (): number => fake!.stats().restCallsByPath['/fapi/v1/aggTrades'] ?? 0;
    const restBefore = aggTradesCalls();
    const restarted = worker(0);
    await restarted.waitForOutput(/tandem ingest: worker .*binance/);
    await sleep(PHASE_MS);
    expect(aggTradesCalls()).toBeGreaterThan(restBefore);

    // Server 1 dies outright; server 2 takes over its pending entries after the claim time.
    // Server 3 joins mid-stream: its first bars are partial and must not overwrite whole ones.
    s1.proc.kill('SIGKILL');
    await s1.proc.exited;
    await server(3);
    await sleep(PHASE_MS);

    fake.pause();
    for (const symbol of SYMBOLS) {
      const truth = fake.emitted(symbol).map((t) => t.a);
      // A minute: under the whole suite's load a restarted worker's refill, paced by the request
      // weight, and the claim of a killed server's entries can take longer than alone (16 s).
      await waitFor(
        `${symbol}: the ${truth.length} emitted trades stored`,
        async () => {
          const ids = await storedIds(symbol);
          return ids.length === truth.length && ids.every((id, i) => id === truth[i]);
        },
        60_000,
        250,
      ).catch(async (e: unknown) => {
        // What was stored, and what the processes said, so a failure can be read from the log.
        const ids = await storedIds(symbol);
        const missing = truth.filter((id) => !ids.includes(id));
        console.log(`${symbol}: ${ids.length} of ${truth.length} stored; first missing ${missing.slice(0, 5).join(',')}; REST calls ${JSON.stringify(fake!.stats().restCallsByPath)}`);
        for (const p of procs) console.log(`--- ${p.name}, last output:\n${p.output.split('\n').slice(-30).join('\n')}`);
        throw e;
      });
      expect(truth.length).toBeGreaterThan(50);
    }
    // The unique key makes a second copy impossible; check no row of another source crept in either.
    const { rows } = await db.query<{ n: string; d: string }>(`SELECT count(*) AS n, count(DISTINCT (symbol, trade_id)) AS d FROM "${schema}".ticks WHERE source = 'binance'`);
    expect(Number(rows[0]!.n)).toBe(Number(rows[0]!.d));
    expect(Number(rows[0]!.n)).toBe(SYMBOLS.reduce((n, s) => n + fake!.emitted(s).length, 0));

    // Every server built 1s bars from its live reader and stored them; bars of a bucket it saw
    // only in part (begun before it started, or refilled late) were rebuilt from the store. So
    // the stored bars are the resampled stored ticks, bucket for bucket.
    for (const symbol of SYMBOLS) {
      await waitFor(
        `${symbol}: stored 1s bars equal the resampled ticks`,
        async () => {
          const { rows: t } = await db.query<{ ts: string; price: number; qty: number }>(`SELECT ts, price, qty FROM "${schema}".ticks WHERE symbol = $1 ORDER BY ts, trade_id`, [symbol]);
          const cols = resampleOhlcv(t.map((r) => Number(r.ts)), t.map((r) => r.price), t.map((r) => r.qty), 1000);
          const { rows: b } = await db.query<{ start: string; close: number; trades: number; volume: number }>(`SELECT start, close, trades, volume FROM "${schema}".bars WHERE symbol = $1 AND tf = '1s' ORDER BY start`, [symbol]);
          return (
            b.length === cols.ts.length &&
            b.every((bar, i) => Number(bar.start) === cols.ts[i] && bar.close === cols.close[i] && Number(bar.trades) === cols.count[i] && Math.abs(bar.volume - cols.volume[i]!) < 1e-9)
          );
        },
        15_000,
        250,
      );
    }

    // The surviving server shows the bus, with nothing left pending (the dead server's entries
    // were claimed or had been acknowledged), and refuses to start a source of its own.
    await waitFor('nothing pending on the bus', async () => {
      const st = (await (await fetch(`${s2.url}/api/status`)).json()) as { bus: { streams: { pending: number }[] } };
      return st.bus.streams.every((x) => x.pending === 0);
    });
    const status = (await (await fetch(`${s2.url}/api/status`)).json()) as { symbols: { symbol: string; quality: { state: string } | null }[]; bus: { streams: { symbol: string; pending: number }[]; workers: { symbols: string[]; ageMs: number }[]; consumer: { entriesClaimed: number } } };
    expect(status.bus.streams.map((s) => s.symbol).sort()).toEqual([...SYMBOLS].sort());
    // Live workers beat every second; the killed one's last heartbeat stays, listed by its age.
    expect(status.bus.workers.filter((w) => w.ageMs < 3000).flatMap((w) => w.symbols).sort()).toEqual([...SYMBOLS].sort());
    expect(status.bus.workers.filter((w) => w.ageMs >= 3000).flatMap((w) => w.symbols).sort()).toEqual([...SPLIT[0]].sort());
    // The workers' feed quality shows per symbol, as a source's would.
    expect(status.symbols.filter((x) => x.quality !== null).map((x) => x.symbol).sort()).toEqual([...SYMBOLS].sort());
    const start = await fetch(`${s2.url}/api/ingestion/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: 'sim', symbols: ['BTCUSDT'] }) });
    expect(start.status).toBe(409);
    expect(((await start.json()) as { error: { message: string } }).error.message).toMatch(/reads ticks from the bus; run `tandem ingest/);
  });
});
