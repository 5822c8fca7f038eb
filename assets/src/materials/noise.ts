/**
 * Deterministic, tileable noise for procedural textures. Everything is derived from integer
 * hashes (no Math.random), so a texture is the same bytes on every machine and every run,
 * and every lattice wraps at its period so the textures tile without seams.
 */

/** A 32-bit integer hash of a lattice point and a seed, as a float in [0, 1). */
export function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A small seeded generator (mulberry32) for scattering things such as terrazzo chips. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fade = (t: number): number => t * t * (3 - 2 * t);
const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * Value noise in [0, 1) at (x, y) in lattice units, wrapping every `px` × `py` cells.
 */
export function valueNoise(x: number, y: number, px: number, py: number, seed: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const tx = fade(x - x0);
  const ty = fade(y - y0);
  const a = mod(x0, px);
  const b = mod(x0 + 1, px);
  const c = mod(y0, py);
  const d = mod(y0 + 1, py);
  const v00 = hash2(a, c, seed);
  const v10 = hash2(b, c, seed);
  const v01 = hash2(a, d, seed);
  const v11 = hash2(b, d, seed);
  return (v00 + (v10 - v00) * tx) * (1 - ty) + (v01 + (v11 - v01) * tx) * ty;
}

/**
 * Fractal (fBm) value noise over a `size`² image, `cells` lattice cells across at the
 * lowest octave (`cellsY` down, for stretched patterns such as brushing), normalised to
 * roughly [0, 1]. Lattice values and interpolation weights are tabulated per octave, which
 * keeps a 1024² texture to a few milliseconds per octave.
 */
export function fbm(size: number, cells: number, octaves: number, seed: number, cellsY = cells): Float32Array {
  const out = new Float32Array(size * size);
  let amplitude = 1;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    const cx = cells << o;
    const cy = cellsY << o;
    const lattice = new Float32Array(cx * cy);
    for (let j = 0; j < cy; j++) for (let i = 0; i < cx; i++) lattice[j * cx + i] = hash2(i, j, seed + o * 101);
    const axis = (n: number): { lo: Int32Array; hi: Int32Array; t: Float32Array } => {
      const lo = new Int32Array(size);
      const hi = new Int32Array(size);
      const t = new Float32Array(size);
      for (let k = 0; k < size; k++) {
        const u = (k * n) / size;
        const f = Math.floor(u);
        lo[k] = f % n;
        hi[k] = (f + 1) % n;
        t[k] = fade(u - f);
      }
      return { lo, hi, t };
    };
    const ax = axis(cx);
    const ay = axis(cy);
    for (let y = 0; y < size; y++) {
      const r0 = ay.lo[y] * cx;
      const r1 = ay.hi[y] * cx;
      const ty = ay.t[y];
      const row = y * size;
      for (let x = 0; x < size; x++) {
        const a = ax.lo[x];
        const b = ax.hi[x];
        const tx = ax.t[x];
        const top = lattice[r0 + a] + (lattice[r0 + b] - lattice[r0 + a]) * tx;
        const bottom = lattice[r1 + a] + (lattice[r1 + b] - lattice[r1 + a]) * tx;
        out[row + x] += amplitude * (top + (bottom - top) * ty);
      }
    }
    total += amplitude;
    amplitude *= 0.5;
  }
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/**
 * Distance to the nearest of `cells`² jittered feature points (Worley noise), in cell
 * units (0 at a point, about 0.5–0.7 at cell borders), wrapping at the image edges.
 * Returns the nearest and second-nearest distances, whose difference outlines the cells.
 */
export function worley(size: number, cells: number, seed: number): { f1: Float32Array; f2: Float32Array } {
  const fx = new Float32Array(cells * cells);
  const fy = new Float32Array(cells * cells);
  for (let j = 0; j < cells; j++) {
    for (let i = 0; i < cells; i++) {
      fx[j * cells + i] = i + hash2(i, j, seed);
      fy[j * cells + i] = j + hash2(i, j, seed + 7);
    }
  }
  const f1 = new Float32Array(size * size);
  const f2 = new Float32Array(size * size);
  const s = cells / size;
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) * s;
    const cj = Math.floor(v);
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) * s;
      const ci = Math.floor(u);
      let d1 = 9;
      let d2 = 9;
      for (let dj = -1; dj <= 1; dj++) {
        for (let di = -1; di <= 1; di++) {
          const i = ci + di;
          const j = cj + dj;
          const wi = i < 0 ? i + cells : i >= cells ? i - cells : i;
          const wj = j < 0 ? j + cells : j >= cells ? j - cells : j;
          const k = wj * cells + wi;
          const px = fx[k] + (i - wi);
          const py = fy[k] + (j - wj);
          const d = (px - u) * (px - u) + (py - v) * (py - v);
          if (d < d1) {
            d2 = d1;
            d1 = d;
          } else if (d < d2) d2 = d;
        }
      }
      f1[y * size + x] = Math.sqrt(d1);
      f2[y * size + x] = Math.sqrt(d2);
    }
  }
  return { f1, f2 };
}
