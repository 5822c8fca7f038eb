import { roundedPolyline, type TaggedPoint } from '../geometry/curve';
import { MeshBuilder } from '../geometry/mesh-builder';
import { lerp, smoothstep, type Vec2, type Vec3 } from '../geometry/vec';
import { ARCH_RAMP, type BodyFrame } from './body-frame';
import type { CarParams } from './car-params';

/** A side of the car: left is +X (the car faces +Z with +Y up). */
export type DoorSide = 'left' | 'right';
export const DOOR_SIDES: readonly DoorSide[] = ['left', 'right'];

/** What one door carries: its skin, its glass and its inner card. */
export interface DoorParts {
  paint: MeshBuilder;
  glass: MeshBuilder;
  lining: MeshBuilder;
}

/** The body shell split by material, plus the cabin lining seen through the glass. */
export interface BodyParts {
  /** Painted panels. */
  paint: MeshBuilder;
  /** Underbody, wheel-arch liners: dark, drawn with the tyre material. */
  underbody: MeshBuilder;
  /** Windscreen, side glass and rear glass, cut from the same surface as the paint. */
  glass: MeshBuilder;
  /** Inner lining of the cabin (door cards, headlining, floor), facing inwards. */
  lining: MeshBuilder;
  /** The doors, cut from the shell and the lining along their shut lines, each to swing on its hinge. */
  doors: Record<DoorSide, DoorParts>;
}

type Tag = 'floor' | 'lip' | 'sill' | 'side' | 'shoulder' | 'ledge' | 'window' | 'roofEdge' | 'roofSide' | 'roof';

/** Radius of the roll-under at the bottom of the flank, which is also the wheel-arch lip. */
const LIP = 0.028;
/** Samples up the flank; fixed heights, so panels do not ripple where the arches cut in. */
const FLANK_STEPS = 8;
/** A corner radius large enough to turn a corner into a smooth curve. */
const BIG = 10;
/** Half the width of the painted pillar between door glass and rear quarter glass. */
const PILLAR_HALF_WIDTH = 0.03;

/**
 * Half of a body cross-section at `z` (x ≥ 0), from the bottom centre round to the top
 * centre. The sample count never changes, so sections can be lofted; where the greenhouse
 * or the lower flank vanish (bonnet, wheel arches) their samples collapse together and the
 * mesh builder drops the resulting slivers.
 */
export function bodySection(
  frame: BodyFrame,
  p: Required<CarParams>,
  z: number,
  bottom: number = frame.bottom(z),
): TaggedPoint[] {
  const w = frame.halfWidth(z);
  const belt = frame.belt(z);
  const top = frame.top(z);
  const floor = frame.floor(z);
  const yb = bottom;
  // The widest line sits above mid-flank; the flank tucks under below it and leans in above.
  const yw = lerp(floor, belt, 0.58);
  const flank = (y: number): number => {
    if (y < yw) return w * (1 - 0.09 * ((yw - y) / Math.max(yw - floor, 1e-3)) ** 2);
    return w * (1 - 0.085 * ((y - yw) / Math.max(belt - yw, 1e-3)) ** 2);
  };

  const half: TaggedPoint[] = [];
  // Underside, then the roll-under lip (which forms the arch edge where the arch cuts in).
  const xf = Math.max(0, flank(yb) - LIP);
  half.push({ p: [0, yb], tag: 'floor' }, { p: [xf / 2, yb], tag: 'floor' }, { p: [xf, yb], tag: 'floor' });
  const lipEnd: Vec2 = [flank(yb + LIP), yb + LIP];
  for (let k = 1; k <= 3; k++) {
    const t = k / 3;
    const u = 1 - t;
    half.push({
      p: [u * u * xf + 2 * u * t * flank(yb) + t * t * lipEnd[0], u * u * yb + 2 * u * t * yb + t * t * lipEnd[1]],
      tag: p.sillHeight > 0 ? 'sill' : 'lip',
    });
  }
  // Flank at fixed heights (clamped above the arch cut-out). With a dark sill, the first
  // sample sits exactly on its top edge so the edge runs straight along the car.
  const ys = Math.max(belt - 1.3 * p.shoulderRadius, yb + LIP + 0.005);
  const y0 = floor + LIP;
  const y1 = p.sillHeight > LIP ? Math.min(floor + p.sillHeight, ys - 0.05) : lerp(y0, ys, 1 / FLANK_STEPS);
  for (let k = 1; k <= FLANK_STEPS; k++) {
    const y = Math.max(k === 1 ? y1 : lerp(y1, ys, (k - 1) / (FLANK_STEPS - 1)), yb + LIP);
    half.push({ p: [flank(y), y], tag: k === 1 && p.sillHeight > LIP ? 'sill' : 'side' });
  }

  // Shoulder, bonnet/deck or greenhouse, roof.
  const edgeY = top - p.crown;
  const h = Math.max(0, edgeY - belt);
  // g blends the crowned bonnet/deck into the greenhouse as the roofline lifts off the belt.
  const g = smoothstep(0, 0.1, h);
  const x3 = flank(belt);
  const hood = (f: number): Vec2 => [f * x3, top - (top - belt) * f * f];
  const wgb = frame.cabinHalfWidth(z);
  const wre = wgb - p.tumblehome * h;
  const mix = (a: Vec2, b: Vec2): Vec2 => [lerp(a[0], b[0], g), lerp(a[1], b[1], g)];
  const upper = roundedPolyline([
    { p: [flank(ys), ys], r: 0, run: 0, arc: 0, tag: 'side' },
    { p: [x3, belt], r: p.shoulderRadius, run: 1, arc: 5, tag: 'side', arcTag: 'shoulder' },
    { p: mix(hood(0.72), [wgb, belt + 0.012]), r: lerp(BIG, 0.015, g), run: 1, arc: 2, tag: 'ledge' },
    { p: mix(hood(0.48), [wre, edgeY]), r: lerp(BIG, 0.06, g), run: 3, arc: 3, tag: 'window', arcTag: 'roofEdge' },
    { p: mix(hood(0.24), [wre * 0.5, top]), r: BIG, run: 1, arc: 3, tag: 'roofSide', arcTag: 'roof' },
    { p: [0, top], r: 0, run: 2, arc: 0, tag: 'roof' },
  ]);
  for (const point of upper.slice(1)) {
    // Split the roof into a centre band (rear glass) and sides (sail panels) at a fixed
    // fraction of its width, so the rear glass edge follows one sample line along the car.
    const tag = point.tag === 'roofSide' || point.tag === 'roof' ? (point.p[0] <= 0.62 * wre ? 'roof' : 'roofSide') : point.tag;
    half.push({ p: point.p, tag });
  }
  return half;
}

/**
 * Rakes the nose and tucks the tail: the top of the front face moves back and the bottom of
 * the rear face moves forward, so the ends read as sculpted rather than cut off.
 */
function rake(frame: BodyFrame, p: Required<CarParams>, point: Vec3): Vec3 {
  const [x, y, z] = point;
  const nose = smoothstep(frame.zFront - 0.5, frame.zFront, z);
  const tail = smoothstep(frame.zRear + 0.5, frame.zRear, z);
  if (nose === 0 && tail === 0) return point;
  const lo = Math.min(frame.floor(frame.zFront), frame.floor(frame.zRear));
  const hi = Math.max(frame.top(frame.zFront), frame.top(frame.zRear));
  const t = Math.min(1, Math.max(0, (y - lo) / (hi - lo)));
  return [x, y, z - p.noseLean * nose * t * t + p.tailLean * tail * (1 - t) * (1 - t)];
}

/** A closed ring from a half-section: +X half bottom→top, then the mirrored half back down. */
function ringOf(
  half: readonly TaggedPoint[],
  z: number,
  warp: (p: Vec3) => Vec3 = (q) => q,
): { points: Vec3[]; tags: Tag[] } {
  const n = half.length;
  const points: Vec3[] = [];
  const tags: Tag[] = [];
  for (let j = 0; j < n; j++) points.push(warp([half[j].p[0], half[j].p[1], z]));
  for (let j = n - 2; j >= 1; j--) points.push(warp([-half[j].p[0], half[j].p[1], z]));
  // tags[s] describes the segment from points[s] to points[s + 1].
  for (let s = 0; s < points.length; s++) {
    tags.push((s < n - 1 ? half[s + 1].tag : half[2 * n - 2 - s].tag) as Tag);
  }
  return { points, tags };
}

function stationsOf(frame: BodyFrame, p: Required<CarParams>): number[] {
  const zs: number[] = [];
  // Cluster stations where the nose and tail curl over.
  const endSteps = Math.ceil(7 * p.detail);
  const noseR = Math.max(p.noseRadius, p.noseDrop);
  const tailR = Math.max(p.tailRadius, p.tailDrop);
  for (let k = 0; k < endSteps; k++) {
    const s = Math.sin(((k + 0.5) / endSteps) * (Math.PI / 2));
    zs.push(frame.zFront - noseR * (1 - s), frame.zRear + tailR * (1 - s));
  }
  // Follow the arch circle evenly in angle so its outline stays round.
  const archSteps = Math.ceil(12 * p.detail);
  for (const axle of [frame.zFrontAxle, frame.zRearAxle]) {
    for (let k = 0; k <= archSteps; k++) zs.push(axle + frame.archRadius * Math.cos((Math.PI * k) / archSteps));
    zs.push(axle + frame.archRadius + ARCH_RAMP, axle - frame.archRadius - ARCH_RAMP);
  }
  zs.push(...glassBoundaries(frame));
  // Evenly spaced stations fill the gaps, but keep clear of the ones placed above: thin
  // strips next to wide ones shade unevenly on glossy paint.
  const span = frame.zFront - frame.zRear;
  const count = Math.ceil((span / 0.09) * p.detail);
  const step = span / count;
  const placed = [...zs];
  for (let i = 0; i <= count; i++) {
    const z = frame.zRear + step * i;
    if (placed.every((q) => Math.abs(q - z) > step * 0.45)) zs.push(z);
  }
  zs.sort((a, b) => a - b);
  const out: number[] = [];
  for (const z of zs) {
    if (z < frame.zRear || z > frame.zFront) continue;
    if (out.length === 0 || z - out[out.length - 1] > 0.003) out.push(z);
  }
  // The ends must be exact so the caps close the shell.
  out[0] = frame.zRear;
  out[out.length - 1] = frame.zFront;
  return out;
}

function glassBoundaries(frame: BodyFrame): number[] {
  return [
    frame.cowlZ,
    frame.roofFrontZ,
    frame.roofRearZ,
    frame.deckZ,
    ...frame.windshield,
    ...frame.rearGlass,
    frame.sideGlassFrontZ,
    frame.sideGlassRearZ,
    frame.pillarZ - PILLAR_HALF_WIDTH,
    frame.pillarZ + PILLAR_HALF_WIDTH,
    frame.doorFrontZ,
    frame.doorRearZ,
  ];
}

/** Section samples a door carries: the flank from the sill to the glass and, on a closed car, the glass up to the roof's edge. */
const DOOR_TAGS: ReadonlySet<Tag> = new Set(['side', 'shoulder', 'ledge', 'window']);

/**
 * The door that carries segment `s` of a section ring (tagged `tag`, between stations around
 * `z`), if any. A ring's first `leftSegments` segments are on the left (+X).
 */
function doorOf(frame: BodyFrame, tag: Tag, z: number, s: number, leftSegments: number): DoorSide | undefined {
  if (!DOOR_TAGS.has(tag) || z >= frame.doorFrontZ || z <= frame.doorRearZ) return undefined;
  return s < leftSegments ? 'left' : 'right';
}

/** Segments of a ring made by {@link ringOf} that lie on the left (+X) half. */
function leftSegmentsOf(ring: readonly Vec3[]): number {
  return ring.length / 2;
}

/**
 * Splits triangles between the body and the doors by where their centres lie: within a door's
 * length and outboard of the cabin's centre half. For parts that follow the door's top edge
 * (window brightwork, an open car's cockpit roll); parts elsewhere on the car stay whole.
 */
export function splitAtDoors(source: MeshBuilder, frame: BodyFrame): { body: MeshBuilder } & Record<DoorSide, MeshBuilder> {
  const out = { body: new MeshBuilder(), left: new MeshBuilder(), right: new MeshBuilder() };
  source.forEachTriangle((a, b, c) => {
    const x = (a[0] + b[0] + c[0]) / 3;
    const z = (a[2] + b[2] + c[2]) / 3;
    const onDoor = z < frame.doorFrontZ && z > frame.doorRearZ && Math.abs(x) > frame.halfWidth(z) / 2;
    (onDoor ? out[x > 0 ? 'left' : 'right'] : out.body).triangle(a, b, c);
  });
  return out;
}

/** Tags of the section samples inboard of the ledge: the greenhouse, or an open car's cockpit. */
const COCKPIT_TAGS: ReadonlySet<Tag> = new Set(['window', 'roofEdge', 'roofSide', 'roof']);

/** Whether the body is cut open here: an open car's cockpit, between the roof's rear and the cowl. */
function isCockpit(frame: BodyFrame, p: Required<CarParams>, tag: Tag, z: number): boolean {
  return p.roof === 'open' && COCKPIT_TAGS.has(tag) && z < frame.cowlZ && z > frame.roofRearZ;
}

/**
 * Where the side glass (or an open car's cockpit opening) meets the body at `z`: the last
 * sample of the ledge, for the +X side. Window trim and the cockpit tub start here.
 */
export function ledgeEdge(frame: BodyFrame, p: Required<CarParams>, z: number): Vec2 {
  const half = bodySection(frame, p, z);
  const k = half.findIndex((pt) => pt.tag === 'window');
  return half[Math.max(0, k - 1)].p;
}

function isGlass(frame: BodyFrame, p: Required<CarParams>, tag: Tag, z: number): boolean {
  if (p.roof === 'open') return false;
  if (tag === 'window') {
    return z < frame.sideGlassFrontZ && z > frame.sideGlassRearZ && Math.abs(z - frame.pillarZ) > PILLAR_HALF_WIDTH;
  }
  const [wsFront, wsBack] = frame.windshield;
  const [rgFront, rgBack] = frame.rearGlass;
  // The rear glass stops short of the roof edges, leaving broad sail panels either side.
  if (tag === 'roofSide') return z < wsFront && z > wsBack;
  if (tag === 'roof') return (z < wsFront && z > wsBack) || (z < rgFront && z > rgBack);
  return false;
}

/** Builds the body shell, its glass and the cabin lining by lofting sections along the car. */
export function buildBody(frame: BodyFrame, p: Required<CarParams>): BodyParts {
  const door = (): DoorParts => ({ paint: new MeshBuilder(), glass: new MeshBuilder(), lining: new MeshBuilder() });
  const parts: BodyParts = {
    paint: new MeshBuilder(),
    underbody: new MeshBuilder(),
    glass: new MeshBuilder(),
    lining: new MeshBuilder(),
    doors: { left: door(), right: door() },
  };

  const zs = stationsOf(frame, p);
  const rings = zs.map((z) => ringOf(bodySection(frame, p, z), z, (q) => rake(frame, p, q)));
  for (let i = 0; i + 1 < rings.length; i++) {
    const r0 = rings[i].points;
    const r1 = rings[i + 1].points;
    const zMid = (zs[i] + zs[i + 1]) / 2;
    for (let s = 0; s < r0.length; s++) {
      const s1 = (s + 1) % r0.length;
      const tag = rings[i].tags[s];
      if (isCockpit(frame, p, tag, zMid)) continue;
      const side = doorOf(frame, tag, zMid, s, leftSegmentsOf(r0));
      const shell = side ? parts.doors[side] : parts;
      const target =
        tag === 'floor' || tag === 'sill' ? parts.underbody : isGlass(frame, p, tag, zMid) ? shell.glass : shell.paint;
      target.quad(r0[s], r0[s1], r1[s1], r1[s]);
    }
  }
  // Nose and tail panels: the sections end with vertical tangents, so flat caps join smoothly.
  const capCentre = (z: number): Vec3 => rake(frame, p, [0, (frame.bottom(z) + frame.top(z)) / 2, z]);
  parts.paint.fan(capCentre(frame.zFront), rings[rings.length - 1].points);
  parts.paint.fan(capCentre(frame.zRear), rings[0].points, { flip: true });

  addArchLiners(parts.underbody, frame, p);
  if (p.roof === 'open') addCockpitTub(parts, frame, p, zs);
  else addCabinLining(parts, frame, p);
  return parts;
}

/**
 * Dark plates just inboard of each tyre, so the gap between tyre and arch shows a wheel well
 * rather than a view straight through the car.
 */
function addArchLiners(out: MeshBuilder, frame: BodyFrame, p: Required<CarParams>): void {
  const x = p.track / 2 - p.wheelWidth / 2 - 0.03;
  const steps = 16;
  for (const axle of [frame.zFrontAxle, frame.zRearAxle]) {
    const outline: Vec2[] = [];
    const floorY = frame.floor(axle);
    outline.push([axle - frame.archRadius, floorY]);
    for (let k = 0; k <= steps; k++) {
      const a = Math.PI * (1 - k / steps);
      outline.push([axle + frame.archRadius * Math.cos(a), frame.wheelCentreY + frame.archRadius * Math.sin(a)]);
    }
    outline.push([axle + frame.archRadius, floorY]);
    for (const side of [1, -1]) {
      const ring: Vec3[] = outline.map(([z, y]) => [side * x, y, z]);
      // Facing outwards (+X on the left, -X on the right).
      out.fan([side * x, (floorY + frame.wheelCentreY) / 2, axle], ring, { flip: side < 0 });
    }
  }
}

/**
 * The cabin seen through the glass: a coarse copy of the body sections, inset and facing
 * inwards, with holes where the glass is. Without it the glass would show the far side of the
 * car from behind (culled), i.e. straight through to the ground. Over a wheel arch the lining
 * stops above the wheel well, with a bulkhead where it steps up.
 */
function addCabinLining(parts: BodyParts, frame: BodyFrame, p: Required<CarParams>): void {
  // Deep enough that the lining never shows through the paint, even with a 16-bit depth buffer.
  const inset = 0.03;
  const clearance = 0.04;
  const wellTop = frame.wheelCentreY + frame.archRadius + clearance;
  const rearStep = frame.zRearAxle + frame.archRadius + clearance;
  const frontStep = frame.zFrontAxle - frame.archRadius - clearance;
  const liningBottom = (z: number): number =>
    z < rearStep || z > frontStep ? Math.max(wellTop, frame.floor(z)) : frame.floor(z);

  const zs = new Set<number>(glassBoundaries(frame));
  const steps = Math.ceil(10 * p.detail);
  for (let k = 0; k <= steps; k++) zs.add(lerp(frame.deckZ, frame.cowlZ, k / steps));
  // Two stations a hair apart at each step make the bulkhead wall.
  zs.add(rearStep).add(rearStep - 0.002).add(frontStep).add(frontStep + 0.002);
  const stations = [...zs].filter((z) => z <= frame.cowlZ && z >= frame.deckZ).sort((a, b) => a - b);

  const rings = stations.map((z) => {
    const half = bodySection(frame, p, z, liningBottom(z));
    const insetHalf: TaggedPoint[] = half.map((pt, j) => {
      // Tangent from the nearest distinct neighbours: collapsed samples would give none.
      const distinct = (k: number, step: number): Vec2 => {
        let i = k;
        while (i + step >= 0 && i + step < half.length && Math.hypot(half[i].p[0] - pt.p[0], half[i].p[1] - pt.p[1]) < 1e-6) i += step;
        return half[i].p;
      };
      const a = distinct(j, -1);
      const b = distinct(j, 1);
      const tx = b[0] - a[0];
      const ty = b[1] - a[1];
      const l = Math.hypot(tx, ty) || 1;
      // Inward normal of a counter-clockwise outline: rotate the tangent by +90°.
      return { p: [pt.p[0] - (ty / l) * inset, pt.p[1] + (tx / l) * inset], tag: pt.tag };
    });
    // Keep the lining on the centre plane where it starts and ends.
    insetHalf[0] = { ...insetHalf[0], p: [0, insetHalf[0].p[1]] };
    insetHalf[insetHalf.length - 1] = { ...insetHalf[insetHalf.length - 1], p: [0, insetHalf[insetHalf.length - 1].p[1]] };
    return ringOf(insetHalf, z);
  });

  for (let i = 0; i + 1 < rings.length; i++) {
    const r0 = rings[i].points;
    const r1 = rings[i + 1].points;
    const zMid = (stations[i] + stations[i + 1]) / 2;
    for (let s = 0; s < r0.length; s++) {
      const tag = rings[i].tags[s];
      if (isGlass(frame, p, tag, zMid)) continue;
      const s1 = (s + 1) % r0.length;
      const side = doorOf(frame, tag, zMid, s, leftSegmentsOf(r0));
      (side ? parts.doors[side].lining : parts.lining).quad(r0[s], r1[s], r1[s1], r0[s1]);
    }
  }
  const centre = (z: number): Vec3 => [0, (liningBottom(z) + frame.belt(z)) / 2, z];
  parts.lining.fan(centre(frame.cowlZ), rings[rings.length - 1].points, { flip: true });
  parts.lining.fan(centre(frame.deckZ), rings[0].points);
}

/**
 * An open car's cockpit: walls from the opening's edge down to the floor, and bulkheads
 * front and rear, all facing inwards, so the opening shows a trimmed tub and not the
 * inside of the shell. Follows the body's own stations so its rim meets the cut exactly.
 */
function addCockpitTub(parts: BodyParts, frame: BodyFrame, p: Required<CarParams>, stations: readonly number[]): void {
  const floorY = p.groundClearance + 0.05;
  const zs = stations.filter((z) => z >= frame.roofRearZ && z <= frame.cowlZ);
  const rings = zs.map((z): Vec3[] => {
    const [x, y] = ledgeEdge(frame, p, z);
    const half: Vec2[] = [
      [x, y],
      [x - 0.012, y - 0.03],
      [x - 0.04, y - 0.1],
      [x - 0.05, floorY + 0.05],
      [x - 0.09, floorY],
    ];
    return [...half.map(([hx, hy]): Vec3 => [hx, hy, z]), ...[...half].reverse().map(([hx, hy]): Vec3 => [-hx, hy, z])];
  });
  // Each side's wall above the floor's corner (the first three of its four segments) is the door's card.
  const doorWall = (s: number): DoorSide | undefined => (s < 3 ? 'left' : s > 5 ? 'right' : undefined);
  for (let i = 0; i + 1 < rings.length; i++) {
    const r0 = rings[i];
    const r1 = rings[i + 1];
    const zMid = (zs[i] + zs[i + 1]) / 2;
    const inDoor = zMid < frame.doorFrontZ && zMid > frame.doorRearZ;
    for (let s = 0; s + 1 < r0.length; s++) {
      const side = inDoor ? doorWall(s) : undefined;
      (side ? parts.doors[side].lining : parts.lining).quad(r0[s], r0[s + 1], r1[s + 1], r1[s]);
    }
  }
  fanFacing(parts.lining, rings[0], [0, 0, 1]);
  fanFacing(parts.lining, rings[rings.length - 1], [0, 0, -1]);
}

/** Fans a closed outline around its centroid so that it faces `normal`. */
export function fanFacing(out: MeshBuilder, ring: readonly Vec3[], normal: Vec3): void {
  const c: Vec3 = [
    ring.reduce((a, q) => a + q[0], 0) / ring.length,
    ring.reduce((a, q) => a + q[1], 0) / ring.length,
    ring.reduce((a, q) => a + q[2], 0) / ring.length,
  ];
  // Sum of the fan's triangle normals (the outline's vector area) decides the winding.
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let j = 0; j < ring.length; j++) {
    const a = ring[j];
    const b = ring[(j + 1) % ring.length];
    const u = [a[0] - c[0], a[1] - c[1], a[2] - c[2]];
    const v = [b[0] - c[0], b[1] - c[1], b[2] - c[2]];
    sx += u[1] * v[2] - u[2] * v[1];
    sy += u[2] * v[0] - u[0] * v[2];
    sz += u[0] * v[1] - u[1] * v[0];
  }
  out.fan(c, ring, { flip: sx * normal[0] + sy * normal[1] + sz * normal[2] < 0 });
}
