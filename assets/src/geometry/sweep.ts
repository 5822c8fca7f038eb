import type { MeshBuilder } from './mesh-builder';
import { add, cross, normalize, scale, sub, type Vec3 } from './vec';

/**
 * Sweeps a round tube of `radius` along `path` (at least two points), capping open ends.
 * Used for brightwork strips, window and windscreen frames, handrails and cables: anything
 * thin that follows a curve. The cross-section's orientation is carried along the path by
 * projection, so it never twists abruptly.
 */
export function tube(out: MeshBuilder, path: readonly Vec3[], radius: number, sides = 6, closed = false): void {
  const n = path.length;
  if (n < 2) return;
  const tangentAt = (i: number): Vec3 => {
    const prev = path[closed ? (i - 1 + n) % n : Math.max(0, i - 1)];
    const next = path[closed ? (i + 1) % n : Math.min(n - 1, i + 1)];
    return normalize(sub(next, prev));
  };
  const t0 = tangentAt(0);
  let side = normalize(cross(t0, Math.abs(t0[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0]));
  const rings: Vec3[][] = [];
  for (let i = 0; i < n; i++) {
    const t = tangentAt(i);
    // Remove the tangential part of the previous side vector (parallel transport, roughly).
    side = normalize(sub(side, scale(t, side[0] * t[0] + side[1] * t[1] + side[2] * t[2])));
    const up = cross(t, side);
    const ring: Vec3[] = [];
    for (let k = 0; k < sides; k++) {
      const a = (2 * Math.PI * k) / sides;
      ring.push(add(path[i], add(scale(side, Math.cos(a) * radius), scale(up, Math.sin(a) * radius))));
    }
    rings.push(ring);
  }
  if (closed) rings.push(rings[0]);
  out.grid(rings, { closed: true });
  if (!closed) {
    out.fan(path[0], rings[0], { flip: true });
    out.fan(path[n - 1], rings[n - 1]);
  }
}
