/**
 * Data quality of a Binance feed, per symbol: state, message rate, lag, gaps and refills,
 * duplicates, unrecovered trades, malformed frames, reconnects and the last reason, and the
 * progress of the history backfill ("backfill 63% (1,812/2,880 min)"). Sources
 * without a feed to watch show nothing. While Binance cannot be reached, it says so plainly.
 *
 * Built for the whole USD-M universe (~300 rows): the columns sort (click a heading; again to
 * reverse), "problems only" keeps the rows worth a look, the table takes a status snapshot at
 * most every 2 s rather than on each status push, and each row re-renders only when its own
 * text changed.
 * @module
 */

import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Status } from '../../../src/server/dto/api-schemas';
import { actions, dashboardStore, useDashboard } from '../state/dashboard-store';
import { qualityModel, visibleQualityRows, type QualityRow, type QualitySortKey, type SortDirection } from '../view/quality-model';

/** How often the table takes a new status at most. */
const REFRESH_MS = 2000;

/** `value`, but changing at most every `ms` (the latest value is shown when the wait is over). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setShown(value);
      return undefined;
    }
    const t = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms]);
  return shown;
}

const COLUMNS: readonly { readonly key: QualitySortKey | null; readonly label: string; readonly title?: string }[] = [
  { key: 'symbol', label: 'Symbol' },
  { key: 'state', label: 'State' },
  { key: 'rate', label: 'msg/s', title: 'Messages per second' },
  { key: 'lagP50', label: 'lag p50', title: 'Receive time minus event time (E), median, ms' },
  { key: 'lagP99', label: 'p99', title: 'Receive time minus event time (E), 99th percentile, ms' },
  { key: 'gaps', label: 'gaps', title: 'Jumps in the aggregate trade ids' },
  { key: 'refilled', label: 'refilled', title: 'Trades fetched over REST to fill gaps' },
  { key: 'duplicates', label: 'dups', title: 'Trades received twice and dropped' },
  { key: 'unrecovered', label: 'unrecov.', title: 'Trades lost for good' },
  { key: 'malformed', label: 'malformed', title: 'Frames that failed strict parsing' },
  { key: 'reconnects', label: 'reconn.' },
  { key: null, label: 'last reconnect reason' },
  { key: null, label: 'history', title: '1m klines fetched for the lookback (--backfill), minutes stored of the window' },
];

const QualityTableRow = memo(
  function QualityTableRow({ r, selected }: { readonly r: QualityRow; readonly selected: boolean }) {
    return (
      <tr data-testid={`quality-${r.symbol}`} className={r.problem ? 'problem' : undefined} aria-selected={selected}>
        <th scope="row">
          {/* Any symbol of a universe can be charted: its card joins the watched ones and the chart shows it. */}
          <button type="button" className="symbol-button" title={`show ${r.symbol} on the chart`} data-testid={`quality-select-${r.symbol}`} onClick={() => actions.selectSymbol(dashboardStore, r.symbol)}>
            {r.symbol}
          </button>
        </th>
        <td>
          <span className={`badge badge-${r.tone}`} data-testid="quality-state">
            {r.state}
          </span>
        </td>
        <td>{r.rate}</td>
        <td data-testid="quality-lag-p50">{r.lagP50}</td>
        <td data-testid="quality-lag-p99">{r.lagP99}</td>
        <td>{r.gaps}</td>
        <td>{r.refilled}</td>
        <td>{r.duplicates}</td>
        <td className={r.lost ? 'lost' : undefined}>{r.unrecovered}</td>
        <td>{r.malformed}</td>
        <td>{r.reconnects}</td>
        <td className="reason" title={r.reason}>
          {r.reason}
        </td>
        <td data-testid="quality-backfill" title={r.backfillError ?? undefined}>
          {r.backfill}
        </td>
      </tr>
    );
  },
  // The row model is rebuilt with every status; its text and whether it is selected are what matter.
  (a, b) => a.selected === b.selected && sameRowText(a.r, b.r),
);

function sameRowText(a: QualityRow, b: QualityRow): boolean {
  return (
    a.symbol === b.symbol &&
    a.state === b.state &&
    a.rate === b.rate &&
    a.lagP50 === b.lagP50 &&
    a.lagP99 === b.lagP99 &&
    a.gaps === b.gaps &&
    a.refilled === b.refilled &&
    a.duplicates === b.duplicates &&
    a.unrecovered === b.unrecovered &&
    a.malformed === b.malformed &&
    a.reconnects === b.reconnects &&
    a.reason === b.reason &&
    a.backfill === b.backfill &&
    a.backfillError === b.backfillError &&
    a.problem === b.problem
  );
}

export function DataQualityPanel() {
  const live = useDashboard((s) => s.status);
  const selectedSymbol = useDashboard((s) => s.selectedSymbol);
  const status: Status | null = useThrottled(live, REFRESH_MS);
  const [sortKey, setSortKey] = useState<QualitySortKey>('symbol');
  const [dir, setDir] = useState<SortDirection>('asc');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const m = useMemo(() => qualityModel(status), [status]);
  const rows = useMemo(() => (m === null ? [] : visibleQualityRows(m.rows, sortKey, dir, problemsOnly)), [m, sortKey, dir, problemsOnly]);
  if (m === null) return null;
  const sortBy = (key: QualitySortKey): void => {
    if (key === sortKey) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSortKey(key);
      // Names read A→Z; for figures, the largest (the worst) first.
      setDir(key === 'symbol' ? 'asc' : 'desc');
    }
  };
  return (
    <section className="quality" aria-labelledby="quality-heading" data-testid="data-quality">
      <div className="quality-head">
        <h2 id="quality-heading" className="panel-title">
          Data quality
        </h2>
        {m.rows.length > 0 && (
          <label className="quality-filter">
            <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} data-testid="quality-problems-only" />
            problems only ({m.problems} of {m.rows.length})
          </label>
        )}
      </div>
      {m.unreachable !== null && (
        <p className="unreachable" role="alert" data-testid="binance-unreachable">
          <strong>{m.unreachable.title}</strong>
          {m.unreachable.reason !== null && <span className="unreachable-reason">{m.unreachable.reason}</span>}
        </p>
      )}
      {m.rows.length > 0 && (
        <div className="quality-scroll">
          <table className="quality-table num" data-testid="quality-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    title={c.title}
                    aria-sort={c.key !== null && c.key === sortKey ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.key === null ? (
                      c.label
                    ) : (
                      <button type="button" className="sort-button" onClick={() => sortBy(c.key!)} data-testid={`quality-sort-${c.key}`}>
                        {c.label}
                        {c.key === sortKey ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <QualityTableRow key={r.symbol} r={r} selected={r.symbol === selectedSymbol} />
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="quality-empty">No problems.</p>}
        </div>
      )}
    </section>
  );
}
