/**
 * The Pair Analytics pickers: y and x from the known symbols (with a swap), the timeframe,
 * the hedge method, the window, and the z-score's entry/exit bands. Fields that take typing
 * (window, bands) apply on Enter or when they lose focus, and say inline what is wrong.
 * @module
 */

import { useEffect, useState, type FormEvent } from 'react';
import type { HedgeMethod, PriceScale } from '../../../src/model/pair-spec';
import { MAX_PAIR_WINDOW, MIN_PAIR_WINDOW, PAIR_METHODS, PAIR_TIMEFRAMES, type PairSelection } from '../state/pair-selection';
import type { PairBands } from '../state/pair-tab-state';
import { parseBands } from '../view/pair-bands';

export interface PairControlsProps {
  readonly selection: PairSelection;
  readonly symbols: readonly string[];
  readonly bands: PairBands;
  readonly onSelect: (next: PairSelection) => void;
  readonly onBands: (bands: PairBands) => void;
}

const METHOD_LABELS: Readonly<Record<HedgeMethod, string>> = { ols: 'OLS', huber: 'Huber', theilsen: 'Theil-Sen', kalman: 'Kalman' };

export function PairControls({ selection: sel, symbols, bands, onSelect, onBands }: PairControlsProps) {
  const [windowText, setWindowText] = useState(String(sel.window));
  const [entryText, setEntryText] = useState(String(bands.entry));
  const [exitText, setExitText] = useState(String(bands.exit));
  useEffect(() => setWindowText(String(sel.window)), [sel.window]);

  const w = Number(windowText);
  const windowError = Number.isInteger(w) && w >= MIN_PAIR_WINDOW && w <= MAX_PAIR_WINDOW ? null : `window: a whole number of bars, ${MIN_PAIR_WINDOW}-${MAX_PAIR_WINDOW}`;
  const parsedBands = parseBands(entryText, exitText);
  const bandsError = parsedBands.ok ? null : parsedBands.error;

  const applyWindow = () => {
    if (windowError === null && w !== sel.window) onSelect({ ...sel, window: w });
  };
  const applyBands = () => {
    if (parsedBands.ok) onBands(parsedBands.bands);
  };
  const submit = (apply: () => void) => (e: FormEvent) => {
    e.preventDefault();
    apply();
  };
  const leg = (side: 'y' | 'x', value: string) => {
    const other = side === 'y' ? sel.x : sel.y;
    // Picking the other leg's symbol swaps the legs rather than pairing a symbol with itself.
    if (value === other) onSelect({ ...sel, y: sel.x, x: sel.y });
    else onSelect({ ...sel, [side]: value });
  };
  const options = symbols.includes(sel.y) && symbols.includes(sel.x) ? symbols : [...new Set([...symbols, sel.y, sel.x])];

  return (
    <div className="pair-controls" data-testid="pair-controls">
      <label className="pair-field">
        <span className="field-label">y (dependent)</span>
        <select data-testid="pair-y" value={sel.y} onChange={(e) => leg('y', e.target.value)}>
          {options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button pair-swap" data-testid="pair-swap" title="Swap y and x" aria-label="Swap y and x" onClick={() => onSelect({ ...sel, y: sel.x, x: sel.y })}>
        ⇄
      </button>
      <label className="pair-field">
        <span className="field-label">x (independent)</span>
        <select data-testid="pair-x" value={sel.x} onChange={(e) => leg('x', e.target.value)}>
          {options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <div className="pair-field">
        <span className="field-label">Timeframe</span>
        <div className="segmented" role="radiogroup" aria-label="Pair timeframe">
          {PAIR_TIMEFRAMES.map((t) => (
            <button key={t} type="button" role="radio" aria-checked={sel.tf === t} className={sel.tf === t ? 'segment active' : 'segment'} data-testid={`pair-tf-${t}`} onClick={() => onSelect({ ...sel, tf: t })}>
              {t}
            </button>
          ))}
        </div>
      </div>
      <label className="pair-field">
        <span className="field-label">Hedge ratio</span>
        <select data-testid="pair-method" value={sel.method} onChange={(e) => onSelect({ ...sel, method: e.target.value as HedgeMethod })}>
          {PAIR_METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="pair-field">
        <span className="field-label">Prices</span>
        <select data-testid="pair-prices" value={sel.prices} title="raw: β in units of x per unit of y, spread in quote currency; log: β an elasticity, spread a log-price gap" onChange={(e) => onSelect({ ...sel, prices: e.target.value as PriceScale })}>
          <option value="raw">raw</option>
          <option value="log">log</option>
        </select>
      </label>
      <form className="pair-field" onSubmit={submit(applyWindow)}>
        <label className="field-label" htmlFor="pair-window">
          Window (bars)
        </label>
        <input id="pair-window" data-testid="pair-window" className="pair-number" type="text" inputMode="numeric" value={windowText} aria-invalid={windowError !== null} onChange={(e) => setWindowText(e.target.value)} onBlur={applyWindow} />
      </form>
      <form className="pair-field" onSubmit={submit(applyBands)}>
        <span className="field-label">z bands: entry ± / exit ±</span>
        <span className="pair-bands">
          <input data-testid="pair-entry" className="pair-number" type="text" inputMode="decimal" aria-label="Entry band" value={entryText} aria-invalid={bandsError !== null} onChange={(e) => setEntryText(e.target.value)} onBlur={applyBands} />
          <input data-testid="pair-exit" className="pair-number" type="text" inputMode="decimal" aria-label="Exit band" value={exitText} aria-invalid={bandsError !== null} onChange={(e) => setExitText(e.target.value)} onBlur={applyBands} />
          {/* Enter in either field submits the form. */}
          <button type="submit" hidden />
        </span>
      </form>
      {(windowError ?? bandsError) !== null && (
        <span className="field-hint field-error pair-controls-error" role="alert" data-testid="pair-controls-error">
          {windowError ?? bandsError}
        </span>
      )}
    </div>
  );
}
