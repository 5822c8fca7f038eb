/** One reading of the odometer: when, and how many kilometres. */
export interface MileagePoint {
  at: string;
  mileage: number;
}

/** The chart's drawing: a polyline, its dots, and the axes' labels, in a `width`×`height` box. */
export interface MileageChartGeometry {
  /** SVG `points` of the line, oldest first. */
  points: string;
  dots: { x: number; y: number; at: string; mileage: number }[];
  /** The vertical axis' labels (kilometres), bottom to top. */
  ticks: { y: number; mileage: number }[];
  /** First and last dates, under the axis. */
  from?: string;
  to?: string;
}

/** Space kept around the plot for the labels. */
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

/**
 * Where each reading goes on a chart of mileage over time: x by date (readings on the same
 * instant spread evenly), y by kilometres from zero to a round top, with four ticks. A single
 * reading sits in the middle. Pure, so the page only draws it.
 */
export function mileageChart(readings: readonly MileagePoint[], width = 300, height = 140): MileageChartGeometry {
  const sorted = [...readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const top = roundUp(Math.max(1, ...sorted.map((r) => r.mileage)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const y = (km: number) => PAD.top + plotH - (km / top) * plotH;
  const first = sorted.length ? Date.parse(sorted[0]!.at) : 0;
  const last = sorted.length ? Date.parse(sorted.at(-1)!.at) : 0;
  const x = (time: number, i: number) =>
    sorted.length < 2 ? PAD.left + plotW / 2 : last === first ? PAD.left + (i / (sorted.length - 1)) * plotW : PAD.left + ((time - first) / (last - first)) * plotW;
  const dots = sorted.map((r, i) => ({ x: round(x(Date.parse(r.at), i)), y: round(y(r.mileage)), at: r.at, mileage: r.mileage }));
  return {
    points: dots.map((d) => `${d.x},${d.y}`).join(' '),
    dots,
    ticks: [0, 1, 2, 3, 4].map((i) => ({ y: round(y((top * i) / 4)), mileage: (top * i) / 4 })),
    ...(sorted.length ? { from: sorted[0]!.at, to: sorted.at(-1)!.at } : {}),
  };
}

/** The smallest of 1, 2, 4 or 5 × a power of ten at or above `value` (and divisible by 4 once past 4). */
function roundUp(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 5, 10]) if (step * power >= value) return Math.max(4, step * power);
  return Math.max(4, 10 * power);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
