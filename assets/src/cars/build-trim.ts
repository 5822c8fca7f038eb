import { MarqueError } from '../../../protocol/src/errors';
import { MeshBuilder } from '../geometry/mesh-builder';
import { projectDecal, type DecalOptions } from '../geometry/project-decal';
import { tube } from '../geometry/sweep';
import { lerp, type Vec3 } from '../geometry/vec';
import type { BodyFrame } from './body-frame';
import { bodySection, DOOR_SIDES, type DoorSide, ledgeEdge, splitAtDoors } from './build-body';
import type { CarParams } from './car-params';

/** Brightwork and the parts an open car adds around its cockpit. */
export interface TrimParts {
  /** Window or windscreen frames and the badges (trim material). */
  trim: MeshBuilder;
  /** An open car's windscreen (glass material); empty for a fixed roof. */
  glass: MeshBuilder;
  /** An open car's padded cockpit rim (interior material); empty for a fixed roof. */
  interior: MeshBuilder;
  /** The lengths of brightwork and cockpit rim along each door's top edge, which swing with it. */
  doors: Record<DoorSide, { trim: MeshBuilder; interior: MeshBuilder }>;
}

/** Radius of the brightwork strips. */
const STRIP = 0.0065;
const LIFT = 0.004;

/**
 * Window brightwork along the base of the side glass, the marque's badges on bonnet and tail,
 * and for an open car its framed windscreen and leather cockpit roll.
 */
export function buildTrim(frame: BodyFrame, p: Required<CarParams>, paint: MeshBuilder): TrimParts {
  const parts: TrimParts = {
    trim: new MeshBuilder(),
    glass: new MeshBuilder(),
    interior: new MeshBuilder(),
    doors: { left: { trim: new MeshBuilder(), interior: new MeshBuilder() }, right: { trim: new MeshBuilder(), interior: new MeshBuilder() } },
  };
  const steps = Math.max(12, Math.round(28 * p.detail));
  const mirror = (path: Vec3[]): Vec3[] => path.map(([x, y, z]) => [-x, y, z]);

  if (p.roof === 'fixed') {
    const path: Vec3[] = [];
    for (let k = 0; k <= steps; k++) {
      const z = lerp(frame.sideGlassRearZ + 0.01, frame.sideGlassFrontZ - 0.01, k / steps);
      const [x, y] = ledgeEdge(frame, p, z);
      path.push([x + 0.002, y + 0.003, z]);
    }
    const strips = new MeshBuilder();
    tube(strips, path, STRIP);
    tube(strips, mirror(path), STRIP);
    const split = splitAtDoors(strips, frame);
    parts.trim.append(split.body);
    for (const side of DOOR_SIDES) parts.doors[side].trim.append(split[side]);
  } else {
    addOpenCockpit(parts, frame, p, steps);
  }

  const decal = (options: DecalOptions): void => {
    const misses = projectDecal(paint, parts.trim, options);
    if (misses > 0) {
      throw new MarqueError('assets/cars', `a badge of "${p.id}" falls off the body (${misses} outline points miss it)`, {
        details: 'check noseDrop and tailHeight: the badges sit on the bonnet and the tail panel',
      });
    }
  };
  // Bonnet badge: a small lozenge just behind the nose; tail badge: a slim script bar.
  const badgeZ = frame.zFront - Math.max(p.noseDrop, 0.1) - 0.12;
  decal({ centre: [0, frame.top(badgeZ) + 0.5, badgeZ], direction: [0, -1, 0], up: [0, 0, 1], halfSize: [0.04, 0.03], exponent: 2.4, offset: LIFT });
  // Below a light bar, or above a pair of round lamps (which leave no room between them).
  const tailY = frame.belt(frame.zRear) - 0.12 + (p.taillights === 'bar' ? -0.07 : 0.085);
  decal({
    centre: [0, tailY, frame.zRear - 0.5],
    direction: [0, 0, 1],
    up: [0, 1, 0],
    halfSize: [p.taillights === 'bar' ? 0.11 : 0.08, 0.011],
    exponent: 6,
    columns: 24,
    rows: 2,
    offset: LIFT,
  });
  return parts;
}

/** The open car's windscreen, its chrome frame and the padded roll round the cockpit. */
function addOpenCockpit(parts: TrimParts, frame: BodyFrame, p: Required<CarParams>, steps: number): void {
  // Padded roll: along both sides of the opening, across the cowl and over the rear bulkhead.
  const side: Vec3[] = [];
  for (let k = 0; k <= steps; k++) {
    const z = lerp(frame.roofRearZ, frame.cowlZ, k / steps);
    const [x, y] = ledgeEdge(frame, p, z);
    side.push([x - 0.012, y + 0.004, z]);
  }
  const across = (z: number): Vec3[] => {
    const half = bodySection(frame, p, z);
    const k = half.findIndex((pt) => pt.tag === 'window');
    const top = half.slice(Math.max(0, k - 1)).map((pt): Vec3 => [pt.p[0], pt.p[1] + 0.004, z]);
    return [...top, ...mirror(top).reverse().slice(1)];
  };
  const mirror = (path: Vec3[]): Vec3[] => path.map(([x, y, z]) => [-x, y, z]);
  const loop = [...side, ...across(frame.cowlZ).reverse(), ...mirror(side).reverse(), ...across(frame.roofRearZ)];
  const rim = new MeshBuilder();
  tube(rim, loop, 0.02, 8, true);
  const split = splitAtDoors(rim, frame);
  parts.interior.append(split.body);
  for (const side of DOOR_SIDES) parts.doors[side].interior.append(split[side]);

  // Windscreen: a gently wrapped pane raked back from the cowl, framed in chrome.
  const [edgeX] = ledgeEdge(frame, p, frame.cowlZ);
  const halfWidth = edgeX * 0.9;
  const baseY = frame.top(frame.cowlZ) - 0.01;
  const rake = Math.min(p.windshieldRun, 0.45);
  const rows: Vec3[][] = [];
  const columns = 16;
  for (let j = 0; j <= 4; j++) {
    const v = j / 4;
    const row: Vec3[] = [];
    for (let i = 0; i <= columns; i++) {
      const u = -1 + (2 * i) / columns;
      row.push([u * halfWidth * (1 - 0.04 * v), lerp(baseY, p.height - STRIP, v), frame.cowlZ - rake * v - 0.12 * u * u]);
    }
    rows.push(row);
  }
  parts.glass.grid(rows);
  const top = rows[4];
  const frameSide = (i: number): Vec3[] => rows.map((row) => row[i]);
  tube(parts.trim, top, STRIP * 1.4);
  tube(parts.trim, frameSide(0), STRIP * 1.4);
  tube(parts.trim, frameSide(columns), STRIP * 1.4);
}
