import { MeshBuilder } from '../geometry/mesh-builder';
import type { Vec3 } from '../geometry/vec';
import type { BodyFrame } from './body-frame';
import type { CarParams } from './car-params';

/**
 * The four brake calipers, in car space, as one mesh: each a block bent round the top rear
 * of its disc, behind the spokes, so its colour reads through the wheel. Separate from the
 * wheels so its colour can change on its own and the wheels stay one instanced mesh.
 */
export function buildCalipers(frame: BodyFrame, p: Required<CarParams>): MeshBuilder {
  const out = new MeshBuilder();
  const w = p.wheelWidth / 2;
  // Wheel-local X of the disc (see buildWheel: face at 0.82 w, disc 0.11–0.125 behind it).
  const discX = w * 0.82 - 0.118;
  const rOuter = p.rimRadius - 0.04;
  const rInner = Math.max(0.08, p.rimRadius - 0.115);
  const halfDepth = 0.032;
  const steps = 8;
  // Centred at 10 o'clock seen from the left (towards the rear, above the axle).
  const a0 = Math.PI * 0.58;
  const a1 = Math.PI * 0.9;
  for (const [zAxle, sx] of [
    [frame.zFrontAxle, 1],
    [frame.zFrontAxle, -1],
    [frame.zRearAxle, 1],
    [frame.zRearAxle, -1],
  ] as const) {
    const cx = sx * (p.track / 2 + discX);
    const rings: Vec3[][] = [];
    for (let k = 0; k <= steps; k++) {
      const a = a0 + ((a1 - a0) * k) / steps;
      // Angle measured from +Z (forward) towards +Y (up).
      const c = Math.cos(a);
      const s = Math.sin(a);
      const at = (r: number, dx: number): Vec3 => [cx + dx, p.wheelRadius + r * s, zAxle + r * c];
      // Outboard face slightly narrower, like a machined monobloc caliper.
      rings.push([at(rInner, -halfDepth), at(rOuter, -halfDepth), at(rOuter - 0.006, halfDepth), at(rInner + 0.006, halfDepth)]);
    }
    // The ring order runs one way round on the left and the other on the right; keep outward faces.
    out.grid(rings, { closed: true, flip: sx < 0 });
    const first = rings[0];
    const last = rings[steps];
    if (sx > 0) {
      out.fan(centroid(first), first, { flip: true }).fan(centroid(last), last);
    } else {
      out.fan(centroid(first), first).fan(centroid(last), last, { flip: true });
    }
  }
  return out;
}

function centroid(ring: readonly Vec3[]): Vec3 {
  const n = ring.length;
  return [ring.reduce((a, q) => a + q[0], 0) / n, ring.reduce((a, q) => a + q[1], 0) / n, ring.reduce((a, q) => a + q[2], 0) / n];
}
