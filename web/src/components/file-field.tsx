/**
 * A file chooser whose choice lives in the store (`uploads[kind].file`).
 * @module
 */

import { useEffect, useRef } from 'react';
import { actions, dashboardStore, useDashboard, type UploadKind } from '../state/dashboard-store';

export function FileField({ kind, label, accept }: { readonly kind: UploadKind; readonly label: string; readonly accept: string }) {
  const file = useDashboard((s) => s.uploads[kind].file);
  const input = useRef<HTMLInputElement>(null);
  // The input cannot be set to a file, only cleared: keep it in step when the store drops it.
  useEffect(() => {
    if (file === null && input.current !== null) input.current.value = '';
  }, [file]);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input ref={input} type="file" className="file-input" accept={accept} data-testid={`${kind}-file`} onChange={(e) => actions.chooseFile(dashboardStore, kind, e.target.files?.[0] ?? null)} />
    </label>
  );
}
