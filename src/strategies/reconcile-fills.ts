/**
 * `reconcileFills`: what a recomputation of a paper strategy adds to its published fills, and
 * where the two disagree.
 *
 * Published fills are facts: once a fill has been pushed (WebSocket, alerts, webhooks) it is
 * never rewritten. The kernel's fills on the stored bars as they are now are recomputed on every
 * bar; normally the published ones are a prefix of them. A bar revised after the fact (late
 * trades rebuilt into it) can change a past decision or a fill price; then the two differ, and
 * the difference is reported as a divergence rather than papered over:
 * - a published fill the recomputation does not reproduce (missing, or another side, price or
 *   quantity), and
 * - a recomputed fill at or before the last published one that was never published (the past
 *   now holds a fill that nobody was told of); it is not published late.
 * Fresh fills are the recomputed ones after the last published fill (or at its time, of the
 * other kind: a flip's entry), oldest first.
 * @module
 */

import { fillKey, type FillKind, type PaperFill } from './paper-book.js';

export interface PublishedFill extends PaperFill {
  readonly publishedAt: number;
}

export interface FillDivergence {
  readonly time: number;
  readonly kind: FillKind;
  readonly published: PublishedFill | null;
  readonly recomputed: PaperFill | null;
}

export interface Reconciled {
  readonly fresh: readonly PaperFill[];
  readonly divergences: readonly FillDivergence[];
}

/** Relative tolerance on prices and quantities: a recomputation on the same bars is exact. */
const TOLERANCE = 1e-12;

const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b));

/** Whether two fills of one key are the same fill. */
export function sameFill(a: PaperFill, b: PaperFill): boolean {
  return a.side === b.side && close(a.priceY, b.priceY) && close(a.priceX, b.priceX) && close(a.qtyY, b.qtyY) && close(a.qtyX, b.qtyX);
}

export function reconcileFills(published: readonly PublishedFill[], recomputed: readonly PaperFill[]): Reconciled {
  const byKey = new Map(recomputed.map((f) => [fillKey(f), f]));
  const publishedKeys = new Set(published.map(fillKey));
  let lastTime = -Infinity;
  for (const p of published) if (p.time > lastTime) lastTime = p.time;
  const divergences: FillDivergence[] = [];
  for (const p of published) {
    const r = byKey.get(fillKey(p)) ?? null;
    if (r === null || !sameFill(p, r)) divergences.push({ time: p.time, kind: p.kind, published: p, recomputed: r });
  }
  const fresh: PaperFill[] = [];
  for (const r of recomputed) {
    if (publishedKeys.has(fillKey(r))) continue;
    if (r.time >= lastTime) fresh.push(r);
    else divergences.push({ time: r.time, kind: r.kind, published: null, recomputed: r });
  }
  divergences.sort((a, b) => a.time - b.time);
  return { fresh, divergences };
}
