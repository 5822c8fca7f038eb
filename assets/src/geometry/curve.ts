import type { Vec2 } from './vec';

/** A smooth 1-D function of one variable, defined by keyframes. */
export type Profile = (x: number) => number;

/**
 * Monotone cubic (Fritsch–Carlson) interpolation through `keys` (`[x, y]`, any order).
 * Chosen over Catmull-Rom because body lines must never overshoot their keyframes: an
 * overshooting roofline shows as a bump on a reflective surface. Constant beyond the ends.
 */
export function smoothProfile(keys: readonly Vec2[]): Profile {
  const k = [...keys].sort((a, b) => a[0] - b[0]);
  const n = k.length;
  if (n === 0) return () => 0;
  if (n === 1) return () => k[0][1];
  const xs = k.map((p) => p[0]);
  const ys = k.map((p) => p[1]);
  const d: number[] = [];
  for (let i = 0; i < n - 1; i++) d.push((ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]));
  const m: number[] = new Array(n).fill(0);
  m[0] = d[0];
  m[n - 1] = d[n - 2];
  for (let i = 1; i < n - 1; i++) m[i] = d[i - 1] * d[i] <= 0 ? 0 : (d[i - 1] + d[i]) / 2;
  for (let i = 0; i < n - 1; i++) {
    if (d[i] === 0) {
      m[i] = 0;
      m[i + 1] = 0;
      continue;
    }
    const a = m[i] / d[i];
    const b = m[i + 1] / d[i];
    const h = a * a + b * b;
    if (h > 9) {
      const t = 3 / Math.sqrt(h);
      m[i] = t * a * d[i];
      m[i + 1] = t * b * d[i];
    }
  }
  return (x: number): number => {
    if (x <= xs[0]) return ys[0];
    if (x >= xs[n - 1]) return ys[n - 1];
    let i = 0;
    while (i < n - 2 && x > xs[i + 1]) i++;
    const h = xs[i + 1] - xs[i];
    const t = (x - xs[i]) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    return (
      (2 * t3 - 3 * t2 + 1) * ys[i] +
      (t3 - 2 * t2 + t) * h * m[i] +
      (-2 * t3 + 3 * t2) * ys[i + 1] +
      (t3 - t2) * h * m[i + 1]
    );
  };
}

/**
 * How far a surface has curled away at `x` when it ends at `end` with a quarter-circle
 * of radius `r` (0 before the curl starts, `r` at the end). Gives noses and tails a
 * vertical tangent so the end cap joins without a crease.
 */
export function endCurl(x: number, end: number, r: number, direction: 1 | -1): number {
  if (r <= 0) return 0;
  const start = end - direction * r;
  const u = (x - start) * direction;
  if (u <= 0) return 0;
  const v = Math.min(u, r);
  return r - Math.sqrt(r * r - v * v);
}

/** A corner of a {@link roundedPolyline}: a point and the radius used to round it. */
export interface RoundedCorner {
  p: Vec2;
  /** Rounding radius in metres; clamped so neighbouring roundings never overlap. */
  r: number;
  /** Samples in the rounded arc (and the straight run before it). */
  arc: number;
  run: number;
  /** Tag for the segments of the straight run that leads into this corner. */
  tag: string;
  /** Tag for the segments of this corner's arc; defaults to `tag`. */
  arcTag?: string;
}

/** A sampled point with the tag of the segment that ends at it. */
export interface TaggedPoint {
  p: Vec2;
  tag: string;
}

/**
 * Samples a polyline whose interior corners are rounded by quadratic Béziers. The number
 * of samples depends only on the corner definitions, never on the geometry, so sections
 * built from it can be lofted even where parts of them collapse to nothing.
 */
export function roundedPolyline(corners: readonly RoundedCorner[]): TaggedPoint[] {
  const out: TaggedPoint[] = [{ p: corners[0].p, tag: corners[0].tag }];
  // Cut-in and cut-out points for every interior corner.
  const cutIn: Vec2[] = [];
  const cutOut: Vec2[] = [];
  for (let i = 0; i < corners.length; i++) {
    const c = corners[i].p;
    if (i === 0 || i === corners.length - 1) {
      cutIn.push(c);
      cutOut.push(c);
      continue;
    }
    const prev = corners[i - 1].p;
    const next = corners[i + 1].p;
    const lIn = Math.hypot(c[0] - prev[0], c[1] - prev[1]);
    const lOut = Math.hypot(next[0] - c[0], next[1] - c[1]);
    const r = Math.max(0, Math.min(corners[i].r, lIn * 0.5, lOut * 0.5));
    cutIn.push(lIn > 0 ? [c[0] + ((prev[0] - c[0]) * r) / lIn, c[1] + ((prev[1] - c[1]) * r) / lIn] : c);
    cutOut.push(lOut > 0 ? [c[0] + ((next[0] - c[0]) * r) / lOut, c[1] + ((next[1] - c[1]) * r) / lOut] : c);
  }
  for (let i = 1; i < corners.length; i++) {
    const { run, arc, tag } = corners[i];
    const a = cutOut[i - 1];
    const b = cutIn[i];
    for (let k = 1; k <= run; k++) {
      const t = k / run;
      out.push({ p: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], tag });
    }
    if (i === corners.length - 1) break;
    const c = corners[i].p;
    const e = cutOut[i];
    for (let k = 1; k <= arc; k++) {
      const t = k / arc;
      const u = 1 - t;
      out.push({
        p: [u * u * b[0] + 2 * u * t * c[0] + t * t * e[0], u * u * b[1] + 2 * u * t * c[1] + t * t * e[1]],
        tag: corners[i].arcTag ?? tag,
      });
    }
  }
  return out;
}
