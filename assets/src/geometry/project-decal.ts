import type { MeshBuilder } from './mesh-builder';
import { add, cross, dot, normalize, scale, sub, type Vec2, type Vec3 } from './vec';

/** Options for {@link projectDecal}. */
export interface DecalOptions {
  /** A point in front of the surface; the outline is centred here, across `direction`. */
  centre: Vec3;
  /** Direction of projection, towards the surface. */
  direction: Vec3;
  /** Roughly "up" for the outline. */
  up: Vec3;
  /** Half extents of the outline along its own right and up axes. */
  halfSize: Vec2;
  /** Superellipse exponent: 2 is an ellipse, larger values square it off. */
  exponent: number;
  /** In-plane rotation of the outline (radians, counter-clockwise as seen by the projector). */
  rotation?: number;
  /** Lift above the surface along its normal, so the decal never fights the paint for depth. */
  offset: number;
  /** Grid cells along the outline's width and height. */
  columns?: number;
  rows?: number;
}

interface Triangle {
  a: Vec3;
  b: Vec3;
  c: Vec3;
  n: Vec3;
}

/**
 * Projects a flat superellipse outline onto a surface and appends it to `out` as a thin
 * shell that follows the surface. Lamps and grilles are placed this way so they sit on the
 * curved nose and tail whatever the body proportions are. Returns how many outline points
 * missed the surface (0 when the decal is fully on the body).
 */
export function projectDecal(surface: MeshBuilder, out: MeshBuilder, options: DecalOptions): number {
  const { columns = 20, rows = 4, rotation = 0 } = options;
  const d = normalize(options.direction);
  const right = normalize(cross(d, options.up));
  const up = cross(right, d);
  const [a, b] = options.halfSize;
  const cr = Math.cos(rotation);
  const sr = Math.sin(rotation);

  // Grid over the outline: columns across its length (bunched towards the rounded ends),
  // rows across its height. Unlike a polar grid this keeps long thin lamps made of short
  // cells, so they follow a curved panel instead of cutting chords beneath it.
  const place = (s: number, t: number): Vec2 => {
    const x = a * s;
    const y = b * t * (1 - Math.abs(s) ** options.exponent) ** (1 / options.exponent);
    return [x * cr - y * sr, x * sr + y * cr];
  };

  // Only front-facing triangles whose shadow can overlap the outline are candidates.
  const reach = Math.hypot(a, b) * 1.05;
  const candidates: Triangle[] = [];
  surface.forEachTriangle((p, q, r) => {
    const n = normalize(cross(sub(q, p), sub(r, p)));
    if (dot(n, d) >= 0) return;
    const inReach = [p, q, r].some((v) => {
      const rel = sub(v, options.centre);
      return Math.abs(dot(rel, right)) < reach + 0.2 && Math.abs(dot(rel, up)) < reach + 0.2;
    });
    if (inReach) candidates.push({ a: p, b: q, c: r, n });
  });

  let misses = 0;
  const hit = (uv: Vec2): Vec3 | undefined => {
    const origin = add(add(options.centre, scale(right, uv[0])), add(scale(up, uv[1]), scale(d, -2)));
    let best = Infinity;
    let normal: Vec3 | undefined;
    for (const t of candidates) {
      const dist = intersect(origin, d, t);
      if (dist !== undefined && dist < best) {
        best = dist;
        normal = t.n;
      }
    }
    if (!normal) {
      misses++;
      return undefined;
    }
    return add(add(origin, scale(d, best)), scale(normal, options.offset));
  };

  const grid: (Vec3 | undefined)[][] = [];
  for (let i = 0; i <= columns; i++) {
    const s = Math.sin((Math.PI / 2) * (-1 + (2 * i) / columns));
    const column: (Vec3 | undefined)[] = [];
    for (let j = 0; j <= rows; j++) column.push(hit(place(s, -1 + (2 * j) / rows)));
    grid.push(column);
  }
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const q = [grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]];
      if (q.every((v) => v)) out.quad(q[0]!, q[1]!, q[2]!, q[3]!);
    }
  }
  return misses;
}

/** Möller–Trumbore ray/triangle intersection; distance along the ray, or undefined. */
function intersect(origin: Vec3, dir: Vec3, t: Triangle): number | undefined {
  const e1 = sub(t.b, t.a);
  const e2 = sub(t.c, t.a);
  const pv = cross(dir, e2);
  const det = dot(e1, pv);
  if (Math.abs(det) < 1e-12) return undefined;
  const inv = 1 / det;
  const tv = sub(origin, t.a);
  const u = dot(tv, pv) * inv;
  if (u < -1e-9 || u > 1 + 1e-9) return undefined;
  const qv = cross(tv, e1);
  const v = dot(dir, qv) * inv;
  if (v < -1e-9 || u + v > 1 + 1e-9) return undefined;
  const dist = dot(e2, qv) * inv;
  return dist > 0 ? dist : undefined;
}
