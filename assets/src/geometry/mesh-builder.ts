import { type Affine, applyAffine, cross, dot, type Vec3 } from './vec';

/** Indexed triangle geometry ready to become a glTF primitive. */
export interface MeshData {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint16Array | Uint32Array;
}

/** Options for {@link MeshBuilder.build}. */
export interface BuildMeshOptions {
  /**
   * Faces meeting at a shared position are smoothed together only when their normals differ
   * by less than this angle (degrees). Car bodies need soft curvature and crisp panel edges
   * from one surface, which a single smooth/flat switch cannot give.
   */
  creaseAngle?: number;
}

export const BUILD_MESH_DEFAULTS: Required<BuildMeshOptions> = { creaseAngle: 40 };

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
    const { creaseAngle } = { ...BUILD_MESH_DEFAULTS, ...options };
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
      // Quantise normals for the vertex key so nearly identical corners share a vertex.
      const key = `${keyOf(o)}|${Math.round(nx * 1e4)},${Math.round(ny * 1e4)},${Math.round(nz * 1e4)}`;
      let index = vertexIndex.get(key);
      if (index === undefined) {
        index = positions.length / 3;
        vertexIndex.set(key, index);
        positions.push(s[o], s[o + 1], s[o + 2]);
        normals.push(nx, ny, nz);
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
      indices: vertexCount < 65536 ? new Uint16Array(indices) : new Uint32Array(indices),
    };
  }
}
