/**
 * The trades table: one row per trade (from `tradeRows`), sorted by a click on a column header
 * (again: the other way round). `#` is the trade's number, as on the chart's markers.
 * @module
 */

import type { TradeSort, TradeSortKey } from '../state/backtest-tab-state';
import { TRADE_COLUMNS, type TradeRow } from '../view/backtest-trades-model';

export interface BacktestTradesTableProps {
  readonly rows: readonly TradeRow[];
  readonly sort: TradeSort;
  readonly onSort: (key: TradeSortKey) => void;
}

const CELL: Readonly<Record<TradeSortKey, (r: TradeRow) => string>> = {
  entryTime: (r) => r.entry,
  exitTime: (r) => r.exit,
  side: (r) => r.side,
  zEntry: (r) => r.zEntry,
  zExit: (r) => r.zExit,
  barsHeld: (r) => r.barsHeld,
  fees: (r) => r.fees,
  funding: (r) => r.funding,
  netPnl: (r) => r.netPnl,
  returnPct: (r) => r.returnPct,
  exitReason: (r) => r.exitReason,
};

export function BacktestTradesTable({ rows, sort, onSort }: BacktestTradesTableProps) {
  if (rows.length === 0) return <p className="bt-empty" data-testid="bt-trades-empty">No trades: |z| never crossed the entry band in this range.</p>;
  return (
    <div className="bt-table-wrap">
      <table className="bt-table" data-testid="bt-trades">
        <thead>
          <tr>
            <th scope="col">#</th>
            {TRADE_COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" className="bt-sort" data-testid={`bt-sort-${c.key}`} onClick={() => onSort(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
            <th scope="col">Legs (in → out)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.n} data-testid="bt-trade-row" className={`side-${r.side}`}>
              <td className="num">{r.n}</td>
              {TRADE_COLUMNS.map((c) => (
                <td key={c.key} className={`${c.numeric ? 'num' : ''}${c.key === 'netPnl' || c.key === 'returnPct' ? ` tone-${r.tone}` : ''}`}>
                  {CELL[c.key](r)}
                </td>
              ))}
              <td className="bt-legs">{r.legs}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
