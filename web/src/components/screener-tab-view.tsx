/**
 * The Screener tab's body: the controls, a line saying what the ranking is (live or fetched,
 * as of which bar, over how many symbols and tested pairs), and the ranked table, or the
 * sentence saying why it is empty. A row opens its pair in Pair Analytics (`#/pair?y&x&tf`),
 * as a heatmap cell of the Overview does.
 * @module
 */

import { useCallback, useMemo } from 'react';
import { dashboardStore, useDashboard } from '../state/dashboard-store';
import { screenerFeed } from '../state/screener-app-feed';
import { screenerActions, type ScreenerControls as Controls, type ScreenerSortKey } from '../state/screener-state';
import { pairHash } from '../view/correlation-model';
import { emptyRankingMessage, formatAsOf, screenerQuery, screenerRows, shownRanking, type ScreenerRow } from '../view/screener-model';
import { formatBarTime } from '../view/format';
import { ScreenerControls } from './screener-controls';
import { ScreenerTable } from './screener-table';

const onChange = (change: Partial<Controls>) => screenerActions.setControls(dashboardStore, change);
const onSort = (key: ScreenerSortKey) => screenerActions.sortBy(dashboardStore, key);
const onRefresh = () => screenerFeed.refresh();

export function ScreenerTabView() {
  const state = useDashboard((s) => s.screener);
  const parsed = useMemo(() => screenerQuery(state.controls), [state.controls]);
  const shown = useMemo(() => shownRanking(state), [state]);
  const rows = useMemo(() => (shown === null ? [] : screenerRows(shown.ranking, state.sort)), [shown, state.sort]);
  const tf = shown?.ranking.tf ?? '1m';
  const onOpen = useCallback((row: ScreenerRow) => {
    window.location.hash = pairHash(row.y, row.x, tf);
  }, [tf]);
  const { fetched } = state;
  const busy = fetched.phase === 'loading';
  const errors = parsed.ok ? {} : parsed.errors;
  const ranking = shown?.ranking ?? null;
  const empty = ranking === null ? null : emptyRankingMessage(ranking, parsed.ok ? parsed.query.minCorr : undefined);

  return (
    <div className="screener" data-testid="screener-tab">
      <ScreenerControls controls={state.controls} errors={errors} busy={busy} onChange={onChange} onRefresh={onRefresh} />
      <div className="scr-summary" data-testid="scr-summary">
        {ranking !== null && shown !== null && (
          <>
            <span className={`scr-source scr-source-${shown.source}`} data-testid="scr-source" title={shown.source === 'live' ? 'Pushed by the live screener (tandem serve --screen-every)' : 'Fetched with these settings; Refresh to screen again'}>
              {shown.source === 'live' ? 'live' : `fetched ${formatBarTime(shown.receivedAt, 1000)}`}
              {shown.stale ? ' · other settings' : ''}
            </span>
            <span>
              as of <span className="num" data-testid="scr-asof">{formatAsOf(ranking.asOf)}</span>
            </span>
            <span title={ranking.symbols.join(', ')}>
              <span className="num" data-testid="scr-symbols">{ranking.symbols.length}</span> symbols
            </span>
            <span>
              <span className="num" data-testid="scr-tested">{ranking.pairsTested}</span> pairs tested
            </span>
            <span title="Bars of the timeframe screened, at most: fewer when less is stored">
              lookback {ranking.lookback} × {ranking.tf}, {ranking.prices} prices
            </span>
          </>
        )}
        {busy && <span className="scr-busy">screening…</span>}
        {fetched.error !== null && (
          <span className="field-error" role="alert" data-testid="scr-error">
            {fetched.error}
          </span>
        )}
      </div>
      {ranking === null ? (
        <p className="scr-empty" data-testid="scr-empty">
          {busy || fetched.phase === 'idle' ? 'Screening the universe…' : parsed.ok ? 'No ranking yet.' : 'Fix the fields marked above.'}
        </p>
      ) : empty !== null ? (
        <p className="scr-empty" data-testid="scr-empty">
          {empty}
        </p>
      ) : (
        <ScreenerTable rows={rows} tf={tf} sort={state.sort} onSort={onSort} onOpen={onOpen} stale={shown?.stale ?? false} />
      )}
    </div>
  );
}
