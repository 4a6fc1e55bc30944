/**
 * The "enable notifications" control: asks the browser for permission once; afterwards says
 * whether alerts also arrive as system notifications, or that the browser blocks them.
 * @module
 */

import { alertFeed } from '../state/alert-app-feed';
import { useDashboard } from '../state/dashboard-store';

export function AlertNotifyToggle() {
  const notify = useDashboard((s) => s.alerts.notify);
  if (notify === 'default') {
    return (
      <button type="button" className="button alert-notify" data-testid="alert-notify" onClick={() => void alertFeed.enableNotifications()}>
        Enable notifications
      </button>
    );
  }
  const text = notify === 'granted' ? 'Notifications on' : notify === 'denied' ? 'Notifications blocked in the browser' : 'Notifications not supported here';
  return (
    <span className={`alert-notify-state alert-notify-${notify}`} data-testid="alert-notify" data-state={notify}>
      {text}
    </span>
  );
}
