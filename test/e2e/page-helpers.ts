/**
 * Helpers the browser tests share: reading text from the page, and telling whether the candle
 * chart has drawn candles.
 */
import type { Page } from 'playwright-core';

/**
 * Counts pixels of the candle colours (theme.ts: up #2ebd85, down #f6465d) in the chart's
 * canvases. Grid, axes and background use neither, so a positive count means candles (or
 * their last-price label) were drawn. A string, not a function, so that no test-transform
 * helper leaks into the page.
 */
export const COUNT_CANDLE_PIXELS = `(() => {
  const targets = [[46, 189, 133], [246, 70, 93]];
  let n = 0;
  for (const canvas of document.querySelectorAll('[data-testid="candle-chart"] canvas')) {
    if (canvas.width === 0 || canvas.height === 0) continue;
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < px.length; i += 4) {
      for (const [r, g, b] of targets) {
        if (Math.abs(px[i] - r) < 14 && Math.abs(px[i + 1] - g) < 14 && Math.abs(px[i + 2] - b) < 14) { n += 1; break; }
      }
    }
  }
  return n;
})()`;

/** The text of the first element matching `selector`, or '' when there is none yet. */
export async function text(page: Page, selector: string): Promise<string> {
  const el = page.locator(selector).first();
  return (await el.count()) === 0 ? '' : ((await el.textContent()) ?? '');
}

/** The digits and point of a formatted number (`"97,123.4"` → 97123.4); NaN for text without digits ('—'), so no check passes on a placeholder. */
export const numeric = (s: string): number => (/\d/.test(s) ? Number(s.replace(/[^0-9.]/g, '')) : Number.NaN);

/**
 * Counts, per colour, the pixels of the Pair Analytics lines (view/pair-theme.ts) in the pair
 * chart's pane canvases. Only canvases wider than 300 px are read: those are the panes, while
 * the price axes, where each series' last-value label also has its colour, are narrow. Each
 * line's colour is unique in the chart, so a positive count for a colour means its pane drew
 * that line. Returns `{y: n, x: n, ...}`.
 */
export const COUNT_PAIR_PIXELS = `(() => {
  const colours = { y: [76, 141, 255], x: [240, 185, 11], spread: [182, 124, 255], z: [34, 199, 214], corr: [255, 138, 61], beta: [232, 93, 208], olsBeta: [200, 224, 106] };
  const counts = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
  for (const canvas of document.querySelectorAll('[data-testid="pair-chart"] canvas')) {
    if (canvas.width <= 300 || canvas.height === 0) continue;
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < px.length; i += 4) {
      for (const [k, [r, g, b]] of Object.entries(colours)) {
        if (Math.abs(px[i] - r) < 14 && Math.abs(px[i + 1] - g) < 14 && Math.abs(px[i + 2] - b) < 14) { counts[k] += 1; break; }
      }
    }
  }
  return counts;
})()`;

/**
 * Counts pixels of `rgb` in the pane canvases (wider than 300 px: the price axes, where a
 * series' last-value label also has its colour, are narrower) under `testId`. A string, not a
 * function, so no test-transform helper leaks into the page and no DOM type is needed here.
 */
export const countPixels = (testId: string, rgb: readonly [number, number, number]): string => `(() => {
  const [r, g, b] = ${JSON.stringify(rgb)};
  let n = 0;
  for (const canvas of document.querySelectorAll('[data-testid="${testId}"] canvas')) {
    if (canvas.width <= 300 || canvas.height === 0) continue;
    const ctx = canvas.getContext('2d');
    if (!ctx) continue;
    const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - r) < 14 && Math.abs(px[i + 1] - g) < 14 && Math.abs(px[i + 2] - b) < 14) n += 1;
  }
  return n;
})()`;
