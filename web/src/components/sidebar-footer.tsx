/**
 * The sidebar's foot: the server's clock (UTC, as the chart) and the API documentation.
 * @module
 */

import { useDashboard } from '../state/dashboard-store';
import { DASH, formatBarTime } from '../view/format';

export function SidebarFooter() {
  const serverTime = useDashboard((s) => s.status?.serverTime ?? null);
  return (
    <footer className="sidebar-footer">
      <span className="num" title="Server time, UTC">
        {serverTime === null ? DASH : `${formatBarTime(serverTime, 1000)} UTC`}
      </span>
      <a href="/api/docs" target="_blank" rel="noreferrer">
        API docs
      </a>
    </footer>
  );
}
