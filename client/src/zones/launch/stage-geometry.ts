import { BoxGeometry, BufferAttribute, type BufferGeometry } from 'three';

/** A cover's size, metres. */
export interface CoverSize {
  length: number;
  width: number;
  height: number;
}

/** The launch's cover: over the longest of the marque's cars (4.95 m) with room to drape. */
export const COVER_SIZE: Readonly<CoverSize> = { length: 5.5, width: 2.35, height: 1.58 };

/**
 * A cloth-like cover: a box draped into a car's outline — high over the cabin, lower over the
 * bonnet and the tail, its shoulders rounded, its skirt flaring a little onto the floor in
 * shallow folds. Its floor is at y = 0; the bonnet points to +z.
 */
export function drapedCover(size: Readonly<CoverSize> = COVER_SIZE): BoxGeometry {
  const geometry = new BoxGeometry(size.width, size.height, size.length, 12, 8, 28);
  const position = geometry.attributes.position!;
  for (let i = 0; i < position.count; i++) {
    const x = position.getX(i) / (size.width / 2);
    const y = position.getY(i) / size.height + 0.5; // 0 at the floor, 1 on top
    const z = position.getZ(i) / (size.length / 2);
    // The roofline: the cabin a little behind the middle, the bonnet (+z) and the tail lower.
    const cabin = Math.max(0, 1 - ((z + 0.12) / 0.95) ** 2);
    const top = 0.55 + 0.45 * Math.sqrt(cabin);
    // Shoulders: the top's edges fall away across the width.
    const shoulder = 1 - 0.18 * x ** 4;
    const flare = 1 + 0.06 * (1 - y) ** 2;
    const fold = 0.03 * Math.sin(z * 11 + x) * (1 - y) ** 2;
    position.setXYZ(i, (x * flare + fold) * (size.width / 2), y * top * shoulder * size.height, z * (1 + 0.025 * (1 - y)) * (size.length / 2));
  }
  geometry.computeVertexNormals();
  return geometry;
}

/**
 * A copy of a flat screen's geometry with texture coordinates from 0 to 1 across it (x) and up it
 * (y): the published venue's screen carries none, as its own material has no texture.
 */
export function withPlanarUvs(source: BufferGeometry): BufferGeometry {
  const geometry = source.clone();
  geometry.computeBoundingBox();
  const { min, max } = geometry.boundingBox!;
  const position = geometry.attributes.position!;
  const uvs = new Float32Array(position.count * 2);
  for (let i = 0; i < position.count; i++) {
    uvs[i * 2] = (position.getX(i) - min.x) / Math.max(1e-6, max.x - min.x);
    uvs[i * 2 + 1] = (position.getY(i) - min.y) / Math.max(1e-6, max.y - min.y);
  }
  geometry.setAttribute('uv', new BufferAttribute(uvs, 2));
  return geometry;
}
