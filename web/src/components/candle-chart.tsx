/**
 * `CandleChart`: candlesticks with a volume histogram beneath, drawn by lightweight-charts 5.
 * It only draws: it gets bars and reports the hovered bar's start; which bars, how they are
 * formatted and what the legend says are decided elsewhere. A new series (other symbol or
 * timeframe) or a reloaded one (new `generation`) is drawn with `setData()`, live changes
 * with `series.update()`. Optionally it overlays a line on the price (the Overview's VWAP) and
 * markers on the volume bars (volume spikes).
 * @module
 */

import { useEffect, useRef } from 'react';
import { BASE_CHART_OPTIONS } from './chart-options';
import { frameNewest, useReachStart } from './chart-history-edge';
import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  TickMarkType,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type MouseEventParams,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { BarDto } from '../../../src/server/dto/api-schemas';
import { fromChartTime, tailDiff, toCandle, toVolume } from '../view/chart-data';
import { formatBarTime, formatPrice } from '../view/format';
import { lineTailDiff, type VwapPoint } from '../view/overview-chart-model';
import { theme } from '../view/theme';
import { markChartUpdate } from '../perf/chart-marks';

export interface CandleChartProps {
  /** Identity of the series drawn (`BTCUSDT:1s`); a change redraws from scratch and scrolls to the latest bar. */
  readonly seriesKey: string;
  /** Bumped by a history (re)load; a change redraws with setData. */
  readonly generation: number;
  readonly bars: readonly BarDto[];
  readonly tfMs: number;
  /** Decimals of the price axis. */
  readonly precision: number;
  readonly onHover: (start: number | null) => void;
  /** A line over the candles (the Overview's rolling VWAP); a new `key` redraws it with setData. */
  readonly overlay?: { readonly key: string; readonly points: readonly VwapPoint[]; readonly colour: string } | undefined;
  /** Markers over the volume bars (volume spikes), ascending by time. */
  readonly volumeMarkers?: readonly SeriesMarker<UTCTimestamp>[] | undefined;
  /** Frame every bar of a new series (a chosen range at screen resolution) instead of the newest. */
  readonly fit?: boolean;
  /** Called once per load when the user scrolls or zooms out past the first bar. */
  readonly onReachStart?: (() => void) | undefined;
}

interface Drawn {
  key: string;
  generation: number;
  bars: readonly BarDto[];
}

interface ChartParts {
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  readonly volume: ISeriesApi<'Histogram'>;
  readonly line: ISeriesApi<'Line'>;
  readonly markers: ISeriesMarkersPluginApi<Time>;
}

const secondsOf = (time: Time): number => (typeof time === 'number' ? time : 0);

const NO_MARKERS: readonly SeriesMarker<UTCTimestamp>[] = [];

export function CandleChart({ seriesKey, generation, bars, tfMs, precision, onHover, overlay, volumeMarkers = NO_MARKERS, fit = false, onReachStart }: CandleChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<ChartParts | null>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const drawn = useRef<Drawn | null>(null);
  const drawnLine = useRef<{ key: string; points: readonly VwapPoint[] } | null>(null);
  const hover = useRef(onHover);
  hover.current = onHover;

  useEffect(() => {
    const el = container.current;
    if (el === null) return;
    const chart = createChart(el, {
      ...BASE_CHART_OPTIONS,
      rightPriceScale: { borderColor: theme.border, scaleMargins: { top: 0.08, bottom: 0.26 } },
      timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: true, barSpacing: 8, rightOffset: 4 },
      handleScroll: true,
      handleScale: true,
    });
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: theme.up,
      downColor: theme.down,
      borderUpColor: theme.up,
      borderDownColor: theme.down,
      wickUpColor: theme.up,
      wickDownColor: theme.down,
    });
    // Volume on its own overlay scale, in the bottom fifth of the pane.
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const line = chart.addSeries(LineSeries, { lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false });
    const markers = createSeriesMarkers<Time>(volume, []);
    const onMove = (param: MouseEventParams<Time>) => {
      hover.current(param.time === undefined || param.point === undefined ? null : fromChartTime(secondsOf(param.time)));
    };
    chart.subscribeCrosshairMove(onMove);
    parts.current = { chart, candles, volume, line, markers };
    chartRef.current = chart;
    return () => {
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
      parts.current = null;
      chartRef.current = null;
      drawn.current = null;
      drawnLine.current = null;
    };
  }, []);

  useReachStart(chartRef, bars.length, generation, onReachStart);

  // Time labels: UTC, with milliseconds for sub-second timeframes (the library stops at seconds).
  useEffect(() => {
    parts.current?.chart.applyOptions({
      localization: { timeFormatter: (time: Time) => formatBarTime(fromChartTime(secondsOf(time)), tfMs, true) },
      timeScale: {
        tickMarkFormatter: (time: Time, type: TickMarkType) => {
          const ms = fromChartTime(secondsOf(time));
          if (tfMs < 1000 && ms % 1000 !== 0 && (type === TickMarkType.Time || type === TickMarkType.TimeWithSeconds)) return formatBarTime(ms, tfMs);
          return null;
        },
      },
    });
  }, [tfMs]);

  useEffect(() => {
    // A custom format so the axis has thousands separators like the rest of the UI.
    parts.current?.candles.applyOptions({ priceFormat: { type: 'custom', minMove: 10 ** -precision, formatter: (p: number) => formatPrice(p, precision) } });
  }, [precision]);

  useEffect(() => {
    const p = parts.current;
    if (p === null) return;
    const before = drawn.current;
    const diff = before !== null && before.key === seriesKey && before.generation === generation ? tailDiff(before.bars, bars) : null;
    if (diff === null) {
      p.candles.setData(bars.map(toCandle));
      p.volume.setData(bars.map(toVolume));
      // Frame a series when it first has bars: the newest 60-150 of them, filling the width, or
      // a chosen range whole. Reloads of the same series keep the user's zoom and scroll.
      if (bars.length > 0 && (before === null || before.key !== seriesKey || before.bars.length === 0)) frameNewest(p.chart, bars.length, fit, 60, 150);
      const last = bars[bars.length - 1];
      if (last !== undefined) markChartUpdate(last);
    } else if (diff.length > 0) {
      const lastDrawn = before?.bars[before.bars.length - 1]?.start ?? -Infinity;
      for (const bar of diff) {
        const historical = bar.start < lastDrawn;
        p.candles.update(toCandle(bar), historical);
        p.volume.update(toVolume(bar), historical);
        markChartUpdate(bar);
      }
    }
    drawn.current = { key: seriesKey, generation, bars };
  }, [seriesKey, generation, bars]);

  useEffect(() => {
    const p = parts.current;
    if (p === null) return;
    const before = drawnLine.current;
    if (overlay === undefined) {
      if (before !== null) p.line.setData([]);
      drawnLine.current = null;
      return;
    }
    p.line.applyOptions({ color: overlay.colour });
    const diff = before !== null && before.key === overlay.key ? lineTailDiff(before.points, overlay.points) : null;
    if (diff === null) p.line.setData([...overlay.points]);
    else {
      const lastDrawn = before?.points[before.points.length - 1]?.time ?? -Infinity;
      for (const point of diff) p.line.update(point, point.time < lastDrawn);
    }
    drawnLine.current = { key: overlay.key, points: overlay.points };
  }, [overlay]);

  useEffect(() => {
    parts.current?.markers.setMarkers([...volumeMarkers]);
  }, [volumeMarkers]);

  return <div className="candle-chart" ref={container} data-testid="candle-chart" />;
}
