/**
 * The tab strip over the main area, with arrow-key navigation as WAI-ARIA tabs have it.
 * @module
 */

import type { KeyboardEvent } from 'react';
import type { TabId } from '../state/dashboard-store';
import type { TabDefinition } from '../tabs/tab-registry';

export interface TabBarProps {
  readonly tabs: readonly TabDefinition[];
  readonly active: TabId;
  readonly onSelect: (id: TabId) => void;
}

export function TabBar({ tabs, active, onSelect }: TabBarProps) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next !== undefined) onSelect(next.id);
  };
  return (
    <div className="tab-bar" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={t.id === active}
          aria-controls={`tabpanel-${t.id}`}
          tabIndex={t.id === active ? 0 : -1}
          className={t.id === active ? 'tab active' : 'tab'}
          data-testid={`tab-${t.id}`}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
