import { MeshBuilder } from '../geometry/mesh-builder';
import { lathe } from '../geometry/primitives';
import { add, lerp, scale, type Vec2, type Vec3 } from '../geometry/vec';
import type { CarParams } from './car-params';

/** One wheel in its own space: centred on the origin, axle along X, outer face towards +X. */
export interface WheelParts {
  /** Tyre plus the dark back plate behind the spokes (tyre material). */
  tyre: MeshBuilder;
  /** Rim lip, barrel, spokes, hub and brake disc (rim material). */
  rim: MeshBuilder;
}

/** Spokes thinner than this are drawn as wires: four sides, straight, no taper. */
const WIRE_WIDTH = 0.012;

/** Tyre and rim of one wheel; the car instances it four times. */
export function buildWheel(p: Required<CarParams>): WheelParts {
  const tyre = new MeshBuilder();
  const rim = new MeshBuilder();
  const segments = Math.max(16, Math.round(40 * p.detail));
  const R = p.wheelRadius;
  const rb = p.rimRadius;
  const w = p.wheelWidth / 2;
  const wall = R - rb;

  // Tyre: outer bead → outer sidewall → tread → inner sidewall → inner bead.
  const tyreProfile: Vec2[] = [
    [rb - 0.004, w * 0.86],
    [rb + wall * 0.3, w],
    [rb + wall * 0.65, w * 0.985],
    [R - 0.028, w * 0.93],
    [R - 0.007, w * 0.8],
    [R, w * 0.6],
    [R, 0],
    [R, -w * 0.6],
    [R - 0.007, -w * 0.8],
    [R - 0.028, -w * 0.93],
    [rb + wall * 0.65, -w * 0.985],
    [rb + wall * 0.3, -w],
    [rb - 0.004, -w * 0.86],
  ];
  lathe(tyre, tyreProfile, segments);

  // Face plane of the rim and how far the hub sits behind it (a concave, "dished" wheel).
  const face = w * 0.82;
  const dish = 0.035;
  // Dark plate inside the barrel, so gaps between spokes read as depth, not as daylight.
  lathe(tyre, [[0, -w * 0.55], [rb - 0.02, -w * 0.55]], segments);

  // Rim: from deep in the barrel out over the lip to where it meets the tyre.
  lathe(
    rim,
    [
      [rb - 0.026, -w * 0.8],
      [rb - 0.024, face - 0.05],
      [rb - 0.02, face - 0.012],
      [rb - 0.012, face + 0.006],
      [rb + 0.004, face + 0.011],
      [rb + 0.014, face + 0.003],
      [rb + 0.012, face - 0.02],
    ],
    segments,
  );

  // Brake disc behind the spokes.
  lathe(rim, [[0.07, face - 0.11], [rb - 0.07, face - 0.11], [rb - 0.066, face - 0.125]], segments);

  // Hub: a shallow dome in the middle of the dish.
  const hubR = p.spokeWidth < WIRE_WIDTH ? 0.055 : 0.075;
  const hubX = face - dish;
  lathe(
    rim,
    [
      [0, hubX + 0.012],
      [hubR * 0.45, hubX + 0.01],
      [hubR * 0.85, hubX + 0.002],
      [hubR, hubX - 0.02],
    ],
    Math.max(12, Math.round(segments * 0.6)),
  );

  for (let k = 0; k < p.spokes; k++) addSpoke(rim, p, k, { hubR, rimR: rb - 0.012, face, dish });
  return { tyre, rim };
}

function addSpoke(
  out: MeshBuilder,
  p: Required<CarParams>,
  index: number,
  { hubR, rimR, face, dish }: { hubR: number; rimR: number; face: number; dish: number },
): void {
  const wire = p.spokeWidth < WIRE_WIDTH;
  const base = (2 * Math.PI * index) / p.spokes;
  // Laced wire wheels alternate the lean of neighbouring spokes so they cross.
  const lean = wire ? (index % 2 === 0 ? 1 : -1) * p.spokeLacing : p.spokeLacing;
  const steps = wire ? 1 : 4;
  const rows: Vec3[][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const r = lerp(hubR * 0.8, rimR, t);
    const a = base + lean * (t - 0.5);
    const x = face - dish * (1 - t) ** 1.4 - (wire ? 0.02 * (1 - t) : 0);
    const radial: Vec3 = [0, Math.cos(a), Math.sin(a)];
    const tangent: Vec3 = [0, -Math.sin(a), Math.cos(a)];
    const centre = scale(radial, r);
    const hw = wire ? p.spokeWidth / 2 : lerp(p.spokeWidth * 0.32, p.spokeWidth * 0.5, t);
    const depth = wire ? p.spokeWidth / 2 : lerp(0.016, 0.011, t);
    // Cross-section in (tangent, axial); the front face is narrower, like a machined spoke.
    const section: Vec2[] = wire
      ? [[-hw, -depth], [hw, -depth], [hw, depth], [-hw, depth]]
      : [[-hw, -depth], [hw, -depth], [hw, 0], [hw * 0.62, depth], [-hw * 0.62, depth], [-hw, 0]];
    rows.push(section.map(([u, v]) => add(add(centre, scale(tangent, u)), [x + v, 0, 0])));
  }
  out.grid(rows, { closed: true });
}
