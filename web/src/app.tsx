/**
 * The dashboard shell: sidebar (ingestion, timeframe, status, OHLC import) and the tabbed main area.
 * @module
 */

import { AlertToasts } from './components/alert-toasts';
import { ConnectionPanel } from './components/connection-panel';
import { HistoryRangePicker } from './components/history-range-picker';
import { SidebarFooter } from './components/sidebar-footer';
import { IngestionPanel } from './components/ingestion-panel';
import { OhlcImportPanel } from './components/ohlc-import-panel';
import { TabBar } from './components/tab-bar';
import { TimeframePicker } from './components/timeframe-picker';
import { actions, dashboardStore, useDashboard, type TabId } from './state/dashboard-store';
import { TABS } from './tabs/tab-registry';

const selectTab = (id: TabId) => actions.setTab(dashboardStore, id);

/** Tabs that show history, and so the range picker. */
const RANGED_TABS: readonly TabId[] = ['overview', 'pair', 'backtest'];

export function App() {
  const tab = useDashboard((s) => s.tab);
  const active = TABS.find((t) => t.id === tab) ?? TABS[0];
  const Active = active?.component;
  return (
    <div className="app">
      <aside className="sidebar">
        <header className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◧
          </span>
          <span className="brand-name">Tandem</span>
          <span className="brand-sub">pairs desk</span>
        </header>
        <IngestionPanel />
        <TimeframePicker />
        <ConnectionPanel />
        <OhlcImportPanel />
        <SidebarFooter />
      </aside>
      <main className="main">
        <TabBar tabs={TABS} active={tab} onSelect={selectTab} />
        {RANGED_TABS.includes(tab) && <HistoryRangePicker />}
        <div className="tab-panel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {Active !== undefined && <Active />}
        </div>
      </main>
      <AlertToasts />
    </div>
  );
}
