/**
 * The trades table: the report's trades in the chosen order, each as the cells it shows. The
 * sort is stable (ties keep trade order) and puts undefined z values last either way.
 * @module
 */

import type { BacktestTradeDto } from '../../../src/server/dto/backtest-schemas';
import type { TradeSort, TradeSortKey } from '../state/backtest-tab-state';
import { DASH, formatBarTime, formatPercent, formatSignedPrice } from './format';
import { formatSig } from './pair-format';

export interface TradeColumn {
  readonly key: TradeSortKey;
  readonly label: string;
  readonly numeric: boolean;
}

export const TRADE_COLUMNS: readonly TradeColumn[] = [
  { key: 'entryTime', label: 'Entry', numeric: false },
  { key: 'exitTime', label: 'Exit', numeric: false },
  { key: 'side', label: 'Side', numeric: false },
  { key: 'zEntry', label: 'z in', numeric: true },
  { key: 'zExit', label: 'z out', numeric: true },
  { key: 'barsHeld', label: 'Bars', numeric: true },
  { key: 'fees', label: 'Fees', numeric: true },
  { key: 'funding', label: 'Funding', numeric: true },
  { key: 'netPnl', label: 'Net PnL', numeric: true },
  { key: 'returnPct', label: 'Return', numeric: true },
  { key: 'exitReason', label: 'Exit reason', numeric: false },
];

export interface TradeRow {
  /** Position in the report's trade list (1-based), the marker's label on the chart. */
  readonly n: number;
  readonly side: 'long' | 'short';
  readonly entry: string;
  readonly exit: string;
  /** Both legs' fill prices, in and out: `y 3,412.5 / x 97,123 → y … / x …`. */
  readonly legs: string;
  readonly zEntry: string;
  readonly zExit: string;
  readonly barsHeld: string;
  readonly fees: string;
  /** Funding of both legs while held, signed (+ received). */
  readonly funding: string;
  readonly netPnl: string;
  readonly returnPct: string;
  readonly exitReason: string;
  readonly tone: 'up' | 'down' | 'plain';
}

const REASONS: Readonly<Record<BacktestTradeDto['exitReason'], string>> = { exit: 'exit band', stop: 'stop', max_hold: 'max hold', flip: 'flip', end: 'end of data', ruin: 'ruin', flatten: 'flatten' };

function sortValue(t: BacktestTradeDto, key: TradeSortKey): number | string | null {
  const v = t[key];
  return v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
}

/** Indices of `trades` in the order of `sort`; nulls last, ties in trade order. */
export function sortedTradeIndices(trades: readonly BacktestTradeDto[], sort: TradeSort): number[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return trades
    .map((t, i) => ({ i, v: sortValue(t, sort.key) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.i);
}

const price = (v: number): string => formatSig(v, 6);

/** The table's rows, in the order of `sort`. */
export function tradeRows(trades: readonly BacktestTradeDto[], sort: TradeSort, tfMs: number): TradeRow[] {
  return sortedTradeIndices(trades, sort).map((i) => {
    const t = trades[i] as BacktestTradeDto;
    return {
      n: i + 1,
      side: t.side,
      entry: formatBarTime(t.entryTime, tfMs, true),
      exit: formatBarTime(t.exitTime, tfMs, true),
      legs: `y ${price(t.entryY)} / x ${price(t.entryX)} → y ${price(t.exitY)} / x ${price(t.exitX)}`,
      zEntry: t.zEntry === null ? DASH : formatSig(t.zEntry, 3),
      zExit: t.zExit === null ? DASH : formatSig(t.zExit, 3),
      barsHeld: String(t.barsHeld),
      fees: t.fees.toFixed(2),
      funding: formatSignedPrice(t.funding, 2),
      netPnl: formatSignedPrice(t.netPnl, 2),
      returnPct: formatPercent(t.returnPct),
      exitReason: REASONS[t.exitReason],
      tone: t.netPnl > 0 ? 'up' : t.netPnl < 0 ? 'down' : 'plain',
    };
  });
}
