/**
 * `PairChart`: the pair's panes on one lightweight-charts 5 chart, so they share one time axis
 * and one crosshair: the two prices (y on the right axis, x on the left), the spread, the
 * z-score with its entry/exit bands, the rolling correlation, and the method's beta with the
 * OLS beta for reference. It only draws: a new pair or a reloaded one (new `generation`) is
 * drawn with `setData()`, live points with `series.update()`, and it reports the hovered
 * bar's start.
 * @module
 */

import { useEffect, useRef } from 'react';
import { BASE_CHART_OPTIONS } from './chart-options';
import {
  createChart,
  LineSeries,
  LineStyle,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
} from 'lightweight-charts';
import type { PairPointDto } from '../../../src/server/dto/pair-schemas';
import type { PairBands } from '../state/pair-tab-state';
import { fromChartTime } from '../view/chart-data';
import { formatBarTime, formatPrice, priceDecimals } from '../view/format';
import { bandLines } from '../view/pair-bands';
import { PAIR_LINES, pointTailDiff, toLineData, toLineDatum, type PairLine } from '../view/pair-chart-data';
import { formatSig } from '../view/pair-format';
import { PAIR_COLORS, PAIR_PANES } from '../view/pair-theme';
import { theme } from '../view/theme';
import { frameNewest, useReachStart } from './chart-history-edge';

export interface PairChartProps {
  /** Identity of the pair drawn (its channel); a change redraws from scratch. */
  readonly seriesKey: string;
  readonly generation: number;
  readonly points: readonly PairPointDto[];
  readonly tfMs: number;
  readonly labels: Readonly<Record<PairLine, string>>;
  readonly bands: PairBands;
  readonly onHover: (start: number | null) => void;
  /** Frame every point of a new series (a chosen range at screen resolution) instead of the newest. */
  readonly fit?: boolean;
  /** Called once per load when the user scrolls or zooms out past the first point. */
  readonly onReachStart?: (() => void) | undefined;
}

interface Drawn {
  key: string;
  generation: number;
  points: readonly PairPointDto[];
}

type Lines = Record<PairLine, ISeriesApi<'Line'>>;

const secondsOf = (time: Time): number => (typeof time === 'number' ? time : 0);

const sig = (p: number): string => formatSig(p);

export function PairChart({ seriesKey, generation, points, tfMs, labels, bands, onHover, fit = false, onReachStart }: PairChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const lines = useRef<Lines | null>(null);
  const bandRefs = useRef<IPriceLine[]>([]);
  const drawn = useRef<Drawn | null>(null);
  const hover = useRef(onHover);
  hover.current = onHover;

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const chart = createChart(el, {
      ...BASE_CHART_OPTIONS,
      leftPriceScale: { visible: true, borderColor: theme.border },
      rightPriceScale: { borderColor: theme.border },
      timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: true, barSpacing: 6, rightOffset: 4 },
    });
    const add = (line: PairLine, pane: number, extra: Parameters<typeof chart.addSeries<'Line'>>[1] = {}) =>
      chart.addSeries(LineSeries, { color: PAIR_COLORS[line], lineWidth: 2, priceLineVisible: false, crosshairMarkerRadius: 3, ...extra }, pane);
    const custom = (formatter: (p: number) => string, minMove: number) => ({ priceFormat: { type: 'custom' as const, formatter, minMove } });
    const created: Lines = {
      y: add('y', PAIR_PANES.y),
      x: add('x', PAIR_PANES.x, { priceScaleId: 'left' }),
      spread: add('spread', PAIR_PANES.spread, custom(sig, 1e-8)),
      z: add('z', PAIR_PANES.z, { priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }),
      corr: add('corr', PAIR_PANES.corr, {
        priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
        // Correlation lives in [−1, 1]: a fixed range reads at a glance.
        autoscaleInfoProvider: () => ({ priceRange: { minValue: -1, maxValue: 1 } }),
      }),
      beta: add('beta', PAIR_PANES.beta, custom(sig, 1e-8)),
      olsBeta: add('olsBeta', PAIR_PANES.olsBeta, { ...custom(sig, 1e-8), lineStyle: LineStyle.Dashed }),
    };
    // Prices get the most room, then z and the betas.
    const stretch = [3, 1.5, 2, 1.3, 2];
    chart.panes().forEach((pane, i) => pane.setStretchFactor(stretch[i] ?? 1));
    const onMove = (param: MouseEventParams<Time>) => {
      hover.current(param.time === undefined || param.point === undefined ? null : fromChartTime(secondsOf(param.time)));
    };
    chart.subscribeCrosshairMove(onMove);
    chartRef.current = chart;
    lines.current = created;
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
      chartRef.current = null;
      lines.current = null;
      bandRefs.current = [];
      drawn.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.applyOptions({ localization: { timeFormatter: (time: Time) => formatBarTime(fromChartTime(secondsOf(time)), tfMs, true) } });
  }, [tfMs]);

  useEffect(() => {
    const l = lines.current;
    if (l === null) return;
    for (const line of PAIR_LINES) l[line].applyOptions({ title: labels[line] });
  }, [labels]);

  // Price axes with the legs' own decimals and separators, as the price cards show them.
  const last = points[points.length - 1];
  const yDecimals = priceDecimals(last?.y ?? 0);
  const xDecimals = priceDecimals(last?.x ?? 0);
  useEffect(() => {
    const l = lines.current;
    if (l === null) return;
    l.y.applyOptions({ priceFormat: { type: 'custom', minMove: 10 ** -yDecimals, formatter: (p: number) => formatPrice(p, yDecimals) } });
    l.x.applyOptions({ priceFormat: { type: 'custom', minMove: 10 ** -xDecimals, formatter: (p: number) => formatPrice(p, xDecimals) } });
  }, [yDecimals, xDecimals]);

  useEffect(() => {
    const z = lines.current?.z;
    if (z === undefined) return;
    for (const pl of bandRefs.current) z.removePriceLine(pl);
    bandRefs.current = bandLines(bands).map((b) =>
      z.createPriceLine({
        price: b.level,
        color: b.kind === 'entry' ? PAIR_COLORS.entryBand : PAIR_COLORS.exitBand,
        lineWidth: 1,
        lineStyle: b.kind === 'entry' ? LineStyle.Dashed : LineStyle.Dotted,
        axisLabelVisible: true,
        title: b.kind,
      }),
    );
  }, [bands]);

  useEffect(() => {
    const l = lines.current;
    const chart = chartRef.current;
    if (l === null || chart === null) return;
    const before = drawn.current;
    const diff = before !== null && before.key === seriesKey && before.generation === generation ? pointTailDiff(before.points, points) : null;
    if (diff === null) {
      for (const line of PAIR_LINES) l[line].setData(toLineData(points, line));
      // Frame a pair when it first has points: the newest 120-300 of them, or a chosen range whole.
      if (points.length > 0 && (before === null || before.key !== seriesKey || before.points.length === 0)) frameNewest(chart, points.length, fit, 120, 300);
    } else if (diff.length > 0) {
      const lastDrawn = before?.points[before.points.length - 1]?.start ?? -Infinity;
      for (const p of diff) {
        const historical = p.start < lastDrawn;
        for (const line of PAIR_LINES) l[line].update(toLineDatum(p, line), historical);
      }
    }
    drawn.current = { key: seriesKey, generation, points };
  }, [seriesKey, generation, points]);

  useReachStart(chartRef, points.length, generation, onReachStart);

  return <div className="pair-chart" ref={container} data-testid="pair-chart" />;
}
