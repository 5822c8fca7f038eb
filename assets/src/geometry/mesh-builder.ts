import { type Affine, applyAffine, cross, dot, type Vec3 } from './vec';

/** Indexed triangle geometry ready to become a glTF primitive. */
export interface MeshData {
  positions: Float32Array;
  normals: Float32Array;
  /** TEXCOORD_0, in the units of the {@link UvMapping} (metres for `box`). */
  uvs: Float32Array;
  indices: Uint16Array | Uint32Array;
}

/**
 * How texture coordinates are derived from positions.
 * - `box`: each face is projected along the axis its normal is closest to, `scale` UV units
 *   per metre. Tiling materials (stone, brushed metal, leather, paint flake) then keep the
 *   same size on every surface, whatever its shape; vertices are split where the projection
 *   changes so no triangle smears the texture.
 * - `planar`: `uv = ((p - origin)·u, (p - origin)·v)`; scale `u` and `v` by the inverse size
 *   to map a panel (a screen) onto 0..1.
 */
export type UvMapping =
  | { mode: 'box'; scale: number }
  | { mode: 'planar'; origin: Vec3; u: Vec3; v: Vec3 };

/** Options for {@link MeshBuilder.build}. */
export interface BuildMeshOptions {
  /**
   * Faces meeting at a shared position are smoothed together only when their normals differ
   * by less than this angle (degrees). Car bodies need soft curvature and crisp panel edges
   * from one surface, which a single smooth/flat switch cannot give.
   */
  creaseAngle?: number;
  /** How TEXCOORD_0 is generated; metre-scaled box mapping by default. */
  uv?: UvMapping;
}

export const BUILD_MESH_DEFAULTS: Required<BuildMeshOptions> = { creaseAngle: 40, uv: { mode: 'box', scale: 1 } };

/** Below this doubled area a triangle is a sliver left by a collapsed section; drop it. */
const DEGENERATE_AREA2 = 1e-10;
/** Positions closer than this (metres) are treated as the same point when smoothing. */
const WELD_QUANTUM = 1e-5;

/**
 * Collects triangles as a soup, then welds them into indexed geometry with crease-aware
 * normals. Authoring as a soup keeps generators simple: they emit quads and never track
 * vertex sharing, and collapsed regions (zero-length section edges) simply vanish.
 */
export class MeshBuilder {
  private readonly soup: number[] = [];

  /** Number of triangles collected so far. */
  get triangleCount(): number {
    return this.soup.length / 9;
  }

  /** Adds a counter-clockwise (front-facing) triangle; degenerate ones are skipped. */
  triangle(a: Vec3, b: Vec3, c: Vec3): this {
    const n = cross(
      [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
      [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
    );
    if (dot(n, n) < DEGENERATE_AREA2 * DEGENERATE_AREA2) return this;
    this.soup.push(a[0], a[1], a[2], b[0], b[1], b[2], c[0], c[1], c[2]);
    return this;
  }

  /** Adds a quad a-b-c-d (counter-clockwise), split along its shorter diagonal. */
  quad(a: Vec3, b: Vec3, c: Vec3, d: Vec3): this {
    const ac = (a[0] - c[0]) ** 2 + (a[1] - c[1]) ** 2 + (a[2] - c[2]) ** 2;
    const bd = (b[0] - d[0]) ** 2 + (b[1] - d[1]) ** 2 + (b[2] - d[2]) ** 2;
    if (ac <= bd) return this.triangle(a, b, c).triangle(a, c, d);
    return this.triangle(a, b, d).triangle(b, c, d);
  }

  /**
   * Joins rows of points into a strip surface. `rows[i][j]` is a grid; faces are emitted so
   * that (row i, col j) → (row i, col j+1) → (row i+1, col j+1) is counter-clockwise.
   */
  grid(rows: readonly (readonly Vec3[])[], options: { closed?: boolean; flip?: boolean } = {}): this {
    for (let i = 0; i + 1 < rows.length; i++) {
      const r0 = rows[i];
      const r1 = rows[i + 1];
      const n = options.closed ? r0.length : r0.length - 1;
      for (let j = 0; j < n; j++) {
        const j1 = (j + 1) % r0.length;
        if (options.flip) this.quad(r0[j], r1[j], r1[j1], r0[j1]);
        else this.quad(r0[j], r0[j1], r1[j1], r1[j]);
      }
    }
    return this;
  }

  /** Fans a convex-ish closed outline around a centre point. */
  fan(center: Vec3, ring: readonly Vec3[], options: { flip?: boolean } = {}): this {
    for (let j = 0; j < ring.length; j++) {
      const a = ring[j];
      const b = ring[(j + 1) % ring.length];
      if (options.flip) this.triangle(center, b, a);
      else this.triangle(center, a, b);
    }
    return this;
  }

  /** Appends another builder's triangles, optionally transformed. */
  append(other: MeshBuilder, transform?: Affine): this {
    const s = other.soup;
    for (let i = 0; i < s.length; i += 9) {
      const a: Vec3 = [s[i], s[i + 1], s[i + 2]];
      const b: Vec3 = [s[i + 3], s[i + 4], s[i + 5]];
      const c: Vec3 = [s[i + 6], s[i + 7], s[i + 8]];
      if (transform) this.triangle(applyAffine(transform, a), applyAffine(transform, b), applyAffine(transform, c));
      else this.triangle(a, b, c);
    }
    return this;
  }

  /** Calls `fn` for every triangle (used for ray casting decals onto a surface). */
  forEachTriangle(fn: (a: Vec3, b: Vec3, c: Vec3) => void): void {
    const s = this.soup;
    for (let i = 0; i < s.length; i += 9) {
      fn([s[i], s[i + 1], s[i + 2]], [s[i + 3], s[i + 4], s[i + 5]], [s[i + 6], s[i + 7], s[i + 8]]);
    }
  }

  /** Welds the soup into indexed geometry with crease-aware, angle-weighted normals. */
  build(options: BuildMeshOptions = BUILD_MESH_DEFAULTS): MeshData {
    const { creaseAngle, uv } = { ...BUILD_MESH_DEFAULTS, ...options };
    const cosCrease = Math.cos((creaseAngle * Math.PI) / 180);
    const s = this.soup;
    const triCount = s.length / 9;

    // Face normals, and each corner's angle as its smoothing weight: angle weighting keeps
    // normals independent of how a surface happens to be split into triangles, so uneven
    // station spacing does not show up as lines in reflections.
    const faceDir = new Float64Array(triCount * 3);
    const cornerAngle = new Float64Array(triCount * 3);
    for (let t = 0; t < triCount; t++) {
      const o = t * 9;
      const n = cross(
        [s[o + 3] - s[o], s[o + 4] - s[o + 1], s[o + 5] - s[o + 2]],
        [s[o + 6] - s[o], s[o + 7] - s[o + 1], s[o + 8] - s[o + 2]],
      );
      const l = Math.hypot(n[0], n[1], n[2]);
      faceDir[t * 3] = n[0] / l;
      faceDir[t * 3 + 1] = n[1] / l;
      faceDir[t * 3 + 2] = n[2] / l;
      for (let k = 0; k < 3; k++) {
        const a = o + k * 3;
        const b = o + ((k + 1) % 3) * 3;
        const c = o + ((k + 2) % 3) * 3;
        const u: Vec3 = [s[b] - s[a], s[b + 1] - s[a + 1], s[b + 2] - s[a + 2]];
        const v: Vec3 = [s[c] - s[a], s[c + 1] - s[a + 1], s[c + 2] - s[a + 2]];
        const cos = dot(u, v) / (Math.hypot(u[0], u[1], u[2]) * Math.hypot(v[0], v[1], v[2]));
        cornerAngle[t * 3 + k] = Math.acos(Math.max(-1, Math.min(1, cos)));
      }
    }

    // Group corners by (quantised) position so coincident corners can smooth together.
    const keyOf = (o: number): string =>
      `${Math.round(s[o] / WELD_QUANTUM)},${Math.round(s[o + 1] / WELD_QUANTUM)},${Math.round(s[o + 2] / WELD_QUANTUM)}`;
    const groups = new Map<string, number[]>();
    for (let c = 0; c < triCount * 3; c++) {
      const key = keyOf(c * 3);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(c);
    }

    const positions: number[] = [];
    const normals: number[] = [];
    const uvs: number[] = [];
    const indices: number[] = [];
    const vertexIndex = new Map<string, number>();

    const corner: number[] = [0, 0, 0];
    for (let c = 0; c < triCount * 3; c++) {
      const t = Math.floor(c / 3);
      const group = groups.get(keyOf(c * 3))!;
      let nx = 0;
      let ny = 0;
      let nz = 0;
      for (const other of group) {
        const u = Math.floor(other / 3);
        const d =
          faceDir[t * 3] * faceDir[u * 3] + faceDir[t * 3 + 1] * faceDir[u * 3 + 1] + faceDir[t * 3 + 2] * faceDir[u * 3 + 2];
        if (d < cosCrease) continue;
        const weight = cornerAngle[other];
        nx += faceDir[u * 3] * weight;
        ny += faceDir[u * 3 + 1] * weight;
        nz += faceDir[u * 3 + 2] * weight;
      }
      const l = Math.hypot(nx, ny, nz) || 1;
      nx /= l;
      ny /= l;
      nz /= l;
      const o = c * 3;
      // Box mapping projects the whole face along its dominant axis, so the axis (and its
      // sign, which decides the mirroring) is part of the vertex's identity.
      const fx = faceDir[t * 3];
      const fy = faceDir[t * 3 + 1];
      const fz = faceDir[t * 3 + 2];
      const ax = Math.abs(fx);
      const ay = Math.abs(fy);
      const az = Math.abs(fz);
      const axis = ax >= ay && ax >= az ? (fx > 0 ? 0 : 1) : ay >= az ? (fy > 0 ? 2 : 3) : fz > 0 ? 4 : 5;
      // Quantise normals for the vertex key so nearly identical corners share a vertex.
      const key = `${keyOf(o)}|${Math.round(nx * 1e4)},${Math.round(ny * 1e4)},${Math.round(nz * 1e4)}|${uv.mode === 'box' ? axis : 0}`;
      let index = vertexIndex.get(key);
      if (index === undefined) {
        index = positions.length / 3;
        vertexIndex.set(key, index);
        positions.push(s[o], s[o + 1], s[o + 2]);
        normals.push(nx, ny, nz);
        uvs.push(...uvOf(uv, [s[o], s[o + 1], s[o + 2]], axis));
      }
      corner[c % 3] = index;
      // Welding can fold a sliver onto itself; such a triangle would be degenerate in glTF.
      if (c % 3 === 2 && corner[0] !== corner[1] && corner[1] !== corner[2] && corner[0] !== corner[2]) {
        indices.push(corner[0], corner[1], corner[2]);
      }
    }

    const vertexCount = positions.length / 3;
    return {
      positions: new Float32Array(positions),
      normals: new Float32Array(normals),
      uvs: new Float32Array(uvs),
      indices: vertexCount < 65536 ? new Uint16Array(indices) : new Uint32Array(indices),
    };
  }
}

/**
 * Texture coordinates of a point. For box mapping, `axis` is the face's dominant normal
 * direction (0/1: ±X, 2/3: ±Y, 4/5: ±Z); U runs so that textures read unmirrored from
 * outside, V runs up (or along -Z on horizontal faces).
 */
function uvOf(mapping: UvMapping, p: Vec3, axis: number): [number, number] {
  if (mapping.mode === 'planar') {
    const d: Vec3 = [p[0] - mapping.origin[0], p[1] - mapping.origin[1], p[2] - mapping.origin[2]];
    return [dot(d, mapping.u), dot(d, mapping.v)];
  }
  const k = mapping.scale;
  switch (axis) {
    case 0:
      return [-p[2] * k, -p[1] * k];
    case 1:
      return [p[2] * k, -p[1] * k];
    case 2:
      return [p[0] * k, p[2] * k];
    case 3:
      return [p[0] * k, -p[2] * k];
    case 4:
      return [p[0] * k, -p[1] * k];
    default:
      return [-p[0] * k, -p[1] * k];
  }
}
