/**
 * `tandem backtest --y ETHUSDT --x BTCUSDT --tf 1m --entry 2 --exit 0.5`: backtests the z-score
 * rule on a stored pair and prints the report as a table (metrics, then the trades), or with
 * `--json` the same object as `POST /api/backtest`. Bad parameters and missing data exit 2 with
 * a message naming the field (with `--json`, `{"error": {code, message}}` on stdout).
 * @module
 */

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { TandemError } from '../../core/tandem-error.js';
import { parseBacktestRequest, type BacktestRequestInput } from '../../engine/backtest-request.js';
import { runStoredBacktest, type StoredBacktest } from '../../engine/backtest-run.js';
import { DEFAULT_TIMEFRAMES, parseTimeframe, type TimeframeSpec } from '../../model/timeframe.js';
import { backtestResponse } from '../../server/backtest-dto.js';
import { openStores } from '../../store/open-stores.js';
import { existingStoreConfigOf, withStoreOptions, type StoreOptions } from '../store-options.js';
import { parseTimeOption } from '../time-option.js';

interface BacktestOptions extends StoreOptions {
  y: string;
  x: string;
  tf: string;
  entry: string;
  exit: string;
  method?: string;
  prices?: string;
  window?: string;
  from?: string;
  to?: string;
  stop?: string;
  maxHoldBars?: string;
  fill?: string;
  notional?: string;
  sizing?: string;
  feeBps?: string;
  slippageBps?: string;
  lotStep?: string;
  capital?: string;
  funding?: boolean;
  trades: string;
  json: boolean;
}

export function registerBacktestCommand(program: Command): void {
  withStoreOptions(program.command('backtest'))
    .description('backtest the z-score rule on a stored pair: signals on bar t\'s close, filled at bar t+1; PnL of both legs after fees and slippage')
    .requiredOption('--y <symbol>', 'dependent leg (y = α + β·x)')
    .requiredOption('--x <symbol>', 'independent leg')
    .requiredOption('--tf <timeframe>', 'bar timeframe, e.g. 1m')
    .requiredOption('--entry <z>', 'enter when |z| > entry')
    .requiredOption('--exit <z>', 'exit when |z| < exit (exit < entry)')
    .option('--method <method>', 'hedge ratio: ols, huber, theilsen, kalman (default ols)')
    .option('--window <bars>', 'rolling window in bars (default 20)')
    .option('--prices <scale>', 'hedge and spread on raw prices or log prices: raw, log (default raw)')
    .option('--from <time>', 'first bar start: epoch ms or ISO-8601')
    .option('--to <time>', 'end (exclusive): epoch ms or ISO-8601')
    .option('--stop <z>', 'stop out when z is past ±stop against the position (> entry)')
    .option('--max-hold-bars <n>', 'close a trade after this many bars')
    .option('--fill <when>', 'next_open (default) or next_close')
    .option('--notional <quote>', 'gross notional per trade, both legs (default 10000)')
    .option('--sizing <how>', 'dollar_neutral (default) or beta')
    .option('--fee-bps <bps>', 'fee per leg and fill (default 5: Binance USD-M regular taker)')
    .option('--slippage-bps <bps>', 'slippage per leg and fill (default 1)')
    .option('--lot-step <qty>', 'round both legs\' quantities down to this step')
    .option('--capital <quote>', 'starting equity (default: the notional)')
    .option('--funding', 'book perpetual funding of both legs; an error when a leg has no stored rates (default: booked when both have rates)')
    .option('--no-funding', 'leave funding out')
    .option('--trades <n>', 'trades to list in the table (the last n)', '20')
    .option('--json', 'print the report as one JSON object', false)
    .action(async (opts: BacktestOptions) => {
      try {
        const input = toInput(opts);
        const parsed = parseBacktestRequest(input);
        if (!parsed.ok) throw new TandemError(parsed.error.code, parsed.error.message);
        const config = existingStoreConfigOf(opts);
        if (config.kind === 'sqlite' && config.path !== ':memory:' && !existsSync(config.path)) throw new TandemError('invalid_request', `--db: no database at ${config.path}`);
        const store = await openStores(config);
        try {
          const result = await runStoredBacktest({ stores: store, timeframes: storedTimeframes(), now: Date.now() }, parsed.value);
          if (opts.json) console.log(JSON.stringify(backtestResponse(result)));
          else printReport(result, Number(opts.trades));
        } finally {
          await store.close();
        }
      } catch (e) {
        if (!(e instanceof TandemError)) throw e;
        if (opts.json) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }));
        else console.error(`tandem backtest: ${e.message}`);
        process.exitCode = 2;
      }
    });
}

const storedTimeframes = (): TimeframeSpec[] => DEFAULT_TIMEFRAMES.map((t) => (parseTimeframe(t) as { ok: true; value: TimeframeSpec }).value);

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new TandemError('invalid_backtest', `${flag}: '${v}' is not a number`);
  return n;
}

function time(flag: string, v: string | undefined): number | undefined {
  return v === undefined ? undefined : parseTimeOption(flag.replace(/^--/, ''), v, 'invalid_backtest');
}

function toInput(o: BacktestOptions): BacktestRequestInput {
  const opt = <K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: V }));
  return {
    y: o.y,
    x: o.x,
    tf: o.tf,
    entry: num('--entry', o.entry)!,
    exit: num('--exit', o.exit)!,
    ...opt('method', o.method),
    ...opt('prices', o.prices),
    ...opt('window', num('--window', o.window)),
    ...opt('from', time('--from', o.from)),
    ...opt('to', time('--to', o.to)),
    ...opt('stop', num('--stop', o.stop)),
    ...opt('maxHoldBars', num('--max-hold-bars', o.maxHoldBars)),
    ...opt('fill', o.fill as 'next_open' | 'next_close' | undefined),
    ...opt('notional', num('--notional', o.notional)),
    ...opt('sizing', o.sizing as 'dollar_neutral' | 'beta' | undefined),
    ...opt('feeBps', num('--fee-bps', o.feeBps)),
    ...opt('slippageBps', num('--slippage-bps', o.slippageBps)),
    ...opt('lotStep', num('--lot-step', o.lotStep)),
    ...opt('capital', num('--capital', o.capital)),
    ...opt('funding', o.funding),
  };
}

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
const fix = (v: number | null, d = 2): string => (v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const dur = (ms: number | null): string => {
  if (ms === null) return '—';
  const m = ms / 60_000;
  return m < 120 ? `${m.toFixed(1)} min` : m < 2880 ? `${(m / 60).toFixed(1)} h` : `${(m / 1440).toFixed(1)} d`;
};
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function printReport(r: StoredBacktest, lastTrades: number): void {
  const m = r.report.metrics;
  const { pair, params } = r.request;
  console.log(`${pair.y} ~ ${pair.x}  ${pair.tf.label}  ${pair.method}${pair.prices === 'log' ? ' on log prices' : ''} window ${pair.window}  entry ${params.entry} exit ${params.exit}${params.stop === null ? '' : ` stop ${params.stop}`}${params.maxHoldBars === null ? '' : ` max hold ${params.maxHoldBars} bars`}`);
  console.log(`${iso(m.startTime)} → ${iso(m.endTime)}, ${m.bars.toLocaleString('en-US')} bars; fill ${params.fill}, ${params.sizing}, notional ${fix(params.notional)}, fee ${params.feeBps} bps, slippage ${params.slippageBps} bps a leg\n`);
  const rows: [string, string][] = [
    ['Net PnL', `${fix(m.netPnl)} (gross ${fix(m.grossPnl)}, fees ${fix(m.feesPaid)}, slippage ${fix(m.slippagePaid)}, funding ${fix(m.fundingPnl)})`],
    ['Total return', pct(m.totalReturn)],
    ['CAGR', m.cagr === null ? '— (span under 30 days)' : pct(m.cagr)],
    ['Sharpe (annualised)', fix(m.sharpe)],
    ['Sortino (annualised)', fix(m.sortino)],
    ['Max drawdown', `${pct(m.maxDrawdown)}, longest ${m.maxDrawdownBars} bars (${dur(m.maxDrawdownMs)})`],
    ['Calmar', fix(m.calmar)],
    ['Trades', `${m.trades}${m.skippedEntries > 0 ? ` (${m.skippedEntries} entries skipped: a leg rounded to zero lots)` : ''}`],
    ['Win rate', pct(m.winRate)],
    ['Profit factor', fix(m.profitFactor)],
    ['Expectancy', fix(m.expectancy)],
    ['Holding (avg / max)', `${fix(m.avgHoldingBars, 1)} / ${m.maxHoldingBars ?? '—'} bars (${dur(m.avgHoldingMs)} / ${dur(m.maxHoldingMs)})`],
    ['Best / worst trade', `${fix(m.bestTrade)} / ${fix(m.worstTrade)}`],
    ['Exposure', pct(m.exposure)],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(22)} ${v}`);
  const trades = r.report.trades.slice(-Math.max(0, lastTrades));
  if (trades.length === 0) return;
  console.log(`\nLast ${trades.length} of ${r.report.trades.length} trades:`);
  console.log(`  ${'entry'.padEnd(21)}${'exit'.padEnd(21)}${'side'.padEnd(6)}${'z in'.padStart(7)}${'z out'.padStart(7)}${'bars'.padStart(6)}${'net PnL'.padStart(12)}  reason`);
  for (const t of trades) {
    console.log(`  ${iso(t.entryTime).padEnd(21)}${iso(t.exitTime).padEnd(21)}${t.side.padEnd(6)}${t.zEntry.toFixed(2).padStart(7)}${(Number.isNaN(t.zExit) ? '—' : t.zExit.toFixed(2)).padStart(7)}${String(t.barsHeld).padStart(6)}${fix(t.netPnl).padStart(12)}  ${t.exitReason}`);
  }
}
