/**
 * An upload's progress bar and outcome: the server's counts, or a rejected file's bad rows
 * (row number and reason, the first 50 and how many more).
 * @module
 */

import type { UploadModel } from '../view/upload-model';

export function UploadStatus({ model, testId }: { readonly model: UploadModel; readonly testId: string }) {
  return (
    <div className="upload-status" data-testid={testId}>
      {model.busy && (
        <>
          <progress className="bar" max={100} value={model.percent ?? undefined} data-testid={`${testId}-progress`} />
          <span className="field-hint-inline num">{model.progress}</span>
        </>
      )}
      {model.result !== null && (
        <p className="upload-result num" role="status" data-testid={`${testId}-result`}>
          {model.result}
        </p>
      )}
      {model.error !== null && (
        <div className="upload-error" role="alert" data-testid={`${testId}-error`}>
          <p className="field-error">{model.error}</p>
          {model.badRows.length > 0 && (
            <ol className="bad-rows" data-testid={`${testId}-bad-rows`}>
              {model.badRows.map((r) => (
                <li key={r.row}>
                  <span className="bad-row-no num">row {r.row}</span>
                  <span className="bad-row-reason">{r.reason}</span>
                </li>
              ))}
              {model.more !== null && <li className="bad-rows-more">{model.more}</li>}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
