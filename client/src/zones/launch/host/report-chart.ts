import type { LaunchReport } from '../../../../../protocol/src/launch';

/**
 * The report's charts as geometry: scales with round tick values, polyline paths and histogram
 * bars in SVG user units. The console draws them as plain SVG, no chart library.
 */

/** The drawing area inside an SVG, user units. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest round number (1, 2 or 5 times a power of ten) at or above `value`; 1 for nothing. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * Tick values from 0 to `max` inclusive: four or five intervals where they fall on whole
 * numbers (a scale of people never reads 1.5), fewer when `max` is small.
 */
export function ticks(max: number): number[] {
  const count = [4, 5, 2, 3].find((k) => Number.isInteger(max / k)) ?? 1;
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

/**
 * An SVG path through `values`, evenly spaced across `area` (a single value is a flat line
 * across it), scaled so that `max` is its top; empty for no values.
 */
export function linePath(values: readonly number[], area: PlotArea, max: number): string {
  if (values.length === 0) return '';
  const x = (i: number) => area.left + (values.length === 1 ? 0 : (area.width * i) / (values.length - 1));
  const y = (v: number) => area.top + area.height - (area.height * Math.min(v, max)) / max;
  const points = values.map((v, i) => `${round(x(i))},${round(y(v))}`);
  if (values.length === 1) points.push(`${round(area.left + area.width)},${round(y(values[0]!))}`);
  return `M${points.join('L')}`;
}

/** One bar of the dwell histogram, with the label under it. */
export interface HistogramBar {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  attendees: number;
}

/** The dwell buckets as bars across `area`, scaled to the tallest (rounded up); a gap of a fifth between bars. */
export function histogramBars(dwell: LaunchReport['dwell'], area: PlotArea): { bars: HistogramBar[]; max: number } {
  const max = niceCeiling(Math.max(0, ...dwell.map((bucket) => bucket.attendees)));
  const slot = dwell.length > 0 ? area.width / dwell.length : 0;
  const bars = dwell.map((bucket, i) => {
    const height = (area.height * bucket.attendees) / max;
    return {
      x: round(area.left + slot * i + slot * 0.1),
      y: round(area.top + area.height - height),
      width: round(slot * 0.8),
      height: round(height),
      label: dwellLabel(bucket.fromSeconds, bucket.toSeconds),
      attendees: bucket.attendees,
    };
  });
  return { bars, max };
}

/** A dwell bucket as people read it: `< 1 min`, `1–5 min`, `1 h+`. */
export function dwellLabel(fromSeconds: number, toSeconds: number | null): string {
  const unit = (s: number) => (s >= 3600 && s % 3600 === 0 ? `${s / 3600} h` : `${Math.round(s / 60)} min`);
  if (toSeconds === null) return `${unit(fromSeconds)}+`;
  if (fromSeconds === 0) return `< ${unit(toSeconds)}`;
  const from = unit(fromSeconds);
  const to = unit(toSeconds);
  // `1–5 min` rather than `1 min–5 min` when both are in minutes.
  return from.endsWith(' min') && to.endsWith(' min') ? `${from.slice(0, -4)}–${to}` : `${from}–${to}`;
}

/** A duration in seconds as a person reads it: `45 s`, `12 min`, `1 h 05 min`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
