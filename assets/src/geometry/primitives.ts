import { MeshBuilder } from './mesh-builder';
import { type Affine, applyAffine, composeAffine, IDENTITY, normalize, type Vec2, type Vec3 } from './vec';

/**
 * Revolves a profile of `[radius, x]` points around the X axis. The surface faces outwards
 * when the profile runs radially outwards on a +X-facing disc, or towards -X along a
 * cylinder's outside (the right-hand rule with the direction of revolution).
 */
export function lathe(out: MeshBuilder, profile: readonly Vec2[], segments: number, transform: Affine = IDENTITY): void {
  const rows: Vec3[][] = [];
  for (let k = 0; k <= segments; k++) {
    const a = (2 * Math.PI * k) / segments;
    const c = Math.cos(a);
    const s = Math.sin(a);
    rows.push(profile.map(([r, x]) => applyAffine(transform, [x, r * c, r * s])));
  }
  // rows[k][j]: j runs along the profile, k around the axis.
  for (let k = 0; k < segments; k++) {
    for (let j = 0; j + 1 < profile.length; j++) {
      out.quad(rows[k][j], rows[k][j + 1], rows[k + 1][j + 1], rows[k + 1][j]);
    }
  }
}

/**
 * A box with rounded edges and corners (a box swept by a sphere), centred on the origin
 * before `transform`. Built as a cube-sphere whose middle grid lines are split apart, so
 * faces stay flat and only the rounds are curved.
 */
export function roundedBox(
  out: MeshBuilder,
  size: Vec3,
  radius: number,
  transform: Affine = IDENTITY,
  steps = 3,
): void {
  const half: Vec3 = [size[0] / 2, size[1] / 2, size[2] / 2];
  const r = Math.min(radius, half[0], half[1], half[2]);
  const inner: Vec3 = [half[0] - r, half[1] - r, half[2] - r];
  // Grid coordinates on a cube face, tagged with the side of the split they belong to.
  const coords: { c: number; side: number }[] = [];
  for (let k = 0; k < steps; k++) coords.push({ c: -Math.tan((Math.PI / 4) * (1 - k / (steps - 1))), side: -1 });
  for (let k = 0; k < steps; k++) coords.push({ c: Math.tan((Math.PI / 4) * (k / (steps - 1))), side: 1 });

  const faces: { n: number; u: number; v: number; sign: number }[] = [
    { n: 0, u: 1, v: 2, sign: 1 },
    { n: 0, u: 2, v: 1, sign: -1 },
    { n: 1, u: 2, v: 0, sign: 1 },
    { n: 1, u: 0, v: 2, sign: -1 },
    { n: 2, u: 0, v: 1, sign: 1 },
    { n: 2, u: 1, v: 0, sign: -1 },
  ];
  for (const f of faces) {
    const rows: Vec3[][] = coords.map((cv) =>
      coords.map((cu) => {
        const d = [0, 0, 0];
        const side = [0, 0, 0];
        d[f.n] = f.sign;
        side[f.n] = f.sign;
        d[f.u] = cu.c;
        side[f.u] = cu.side;
        d[f.v] = cv.c;
        side[f.v] = cv.side;
        const dir = normalize([d[0], d[1], d[2]]);
        return applyAffine(transform, [
          side[0] * inner[0] + dir[0] * r,
          side[1] * inner[1] + dir[1] * r,
          side[2] * inner[2] + dir[2] * r,
        ]);
      }),
    );
    out.grid(rows);
  }
}

/** A torus around the X axis (ring radius `major`, tube radius `minor`). */
export function torus(
  out: MeshBuilder,
  major: number,
  minor: number,
  segments: number,
  sides: number,
  transform: Affine = IDENTITY,
): void {
  const profile: Vec2[] = [];
  for (let k = 0; k <= sides; k++) {
    const a = (2 * Math.PI * k) / sides;
    // Runs so that the outside of the tube faces away from it (see lathe()).
    profile.push([major - minor * Math.cos(a), minor * Math.sin(a)]);
  }
  lathe(out, profile, segments, transform);
}

/** A plain box (12 triangles) of `size`, centred on the origin before `transform`. */
export function box(out: MeshBuilder, size: Vec3, transform: Affine = IDENTITY): void {
  const [x, y, z] = [size[0] / 2, size[1] / 2, size[2] / 2];
  const p = (sx: number, sy: number, sz: number): Vec3 => applyAffine(transform, [sx * x, sy * y, sz * z]);
  out.quad(p(-1, -1, 1), p(1, -1, 1), p(1, 1, 1), p(-1, 1, 1));
  out.quad(p(1, -1, -1), p(-1, -1, -1), p(-1, 1, -1), p(1, 1, -1));
  out.quad(p(1, -1, 1), p(1, -1, -1), p(1, 1, -1), p(1, 1, 1));
  out.quad(p(-1, -1, -1), p(-1, -1, 1), p(-1, 1, 1), p(-1, 1, -1));
  out.quad(p(-1, 1, 1), p(1, 1, 1), p(1, 1, -1), p(-1, 1, -1));
  out.quad(p(-1, -1, -1), p(1, -1, -1), p(1, -1, 1), p(-1, -1, 1));
}

/** An axis-aligned box between two corners. */
export function boxBetween(out: MeshBuilder, min: Vec3, max: Vec3): void {
  box(out, [max[0] - min[0], max[1] - min[1], max[2] - min[2]], [
    1, 0, 0, (min[0] + max[0]) / 2,
    0, 1, 0, (min[1] + max[1]) / 2,
    0, 0, 1, (min[2] + max[2]) / 2,
  ]);
}

/**
 * A solid of revolution around the Y axis from a profile of `[radius, y]` points running
 * bottom to top on the outside (discs, plinths, posts, lamp shades). Ends on the axis close
 * the solid.
 */
export function latheY(out: MeshBuilder, profile: readonly Vec2[], segments: number, transform: Affine = IDENTITY): void {
  // lathe() revolves [r, x] around X; turning X onto Y (a quarter turn about Z) keeps the winding.
  const toY: Affine = [0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0];
  const reversed = [...profile].reverse();
  lathe(out, reversed, segments, composeAffine(transform, toY));
}

/** A closed cylinder of `radius` from y = 0 to y = `height` (before `transform`). */
export function cylinder(out: MeshBuilder, radius: number, height: number, segments: number, transform: Affine = IDENTITY): void {
  latheY(out, [[0, 0], [radius, 0], [radius, height], [0, height]], segments, transform);
}
