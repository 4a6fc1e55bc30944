/**
 * The ranked pairs: one row per pair (from `screenerRows`), sorted by a click on a column
 * header (again: the other way round), each with its spread's sparkline. A click on a row, or
 * Enter on its pair link, opens the pair in Pair Analytics at the ranking's timeframe.
 * @module
 */

import type { ScreenerSort, ScreenerSortKey } from '../state/screener-state';
import { pairHash } from '../view/correlation-model';
import { SCREENER_COLUMNS, type ScreenerRow } from '../view/screener-model';
import { SpreadSparkline } from './spread-sparkline';

export interface ScreenerTableProps {
  readonly rows: readonly ScreenerRow[];
  readonly tf: string;
  readonly sort: ScreenerSort;
  readonly onSort: (key: ScreenerSortKey) => void;
  readonly onOpen: (row: ScreenerRow) => void;
  /** The rows answer other settings than the controls' (theirs are loading): drawn dimmed. */
  readonly stale?: boolean;
}

const ariaSort = (sort: ScreenerSort, key: ScreenerSortKey) => (sort.key !== key ? 'none' : sort.dir === 'asc' ? 'ascending' : 'descending');

export function ScreenerTable({ rows, tf, sort, onSort, onOpen, stale = false }: ScreenerTableProps) {
  return (
    <div className={stale ? 'scr-table-wrap scr-stale' : 'scr-table-wrap'}>
      <table className="scr-table" data-testid="scr-table" data-stale={stale}>
        <thead>
          <tr>
            <th scope="col" className="num" title="Place in the server's ranking (by p-value)">
              #
            </th>
            {SCREENER_COLUMNS.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={ariaSort(sort, c.key)} title={c.title}>
                <button type="button" className="scr-sort" data-testid={`scr-sort-${c.key}`} onClick={() => onSort(c.key)}>
                  {c.label}
                  {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
            <th scope="col" title="The spread over the lookback, newest on the right; dotted: its mean">
              Spread
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="scr-row" data-testid="scr-row" data-pair={r.id} onClick={() => onOpen(r)}>
              <td className="num scr-rank">{r.rank}</td>
              <td className="scr-pair">
                <a
                  href={pairHash(r.y, r.x, tf)}
                  data-testid="scr-open"
                  onClick={(e) => {
                    // The row's click opens it; the link is for the keyboard and for copying.
                    e.preventDefault();
                  }}
                >
                  <span className="scr-y">{r.y}</span>
                  <span className="scr-slash"> / </span>
                  <span className="scr-x">{r.x}</span>
                </a>
              </td>
              {SCREENER_COLUMNS.filter((c) => c.key !== 'pair').map(({ key }) => {
                const k = key as keyof ScreenerRow['cells'];
                const tone = k === 'pvalue' ? ` p-${r.pTone}` : k === 'z' ? ` z-${r.zTone}` : '';
                return (
                  <td key={k} className={`num${tone}`} data-col={k}>
                    {r.cells[k]}
                  </td>
                );
              })}
              <td className="scr-spark-cell">
                <SpreadSparkline points={r.spark} mean={r.sparkMean} label={`spread of ${r.id}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
