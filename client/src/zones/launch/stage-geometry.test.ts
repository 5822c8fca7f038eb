import { PlaneGeometry } from 'three';
import { describe, expect, it } from 'vitest';
import { COVER_SIZE, drapedCover, withPlanarUvs } from './stage-geometry';

describe("the launch stage's geometry", () => {
  it('drapes the cover from the floor to about the car’s height, higher over the cabin than over the bonnet', () => {
    const cover = drapedCover();
    cover.computeBoundingBox();
    const { min, max } = cover.boundingBox!;
    expect(min.y).toBeCloseTo(0, 6);
    expect(max.y).toBeLessThanOrEqual(COVER_SIZE.height + 1e-6);
    expect(max.y).toBeGreaterThan(COVER_SIZE.height * 0.95);
    // The skirt flares a little past the box, no more.
    expect(max.x).toBeGreaterThan(COVER_SIZE.width / 2);
    expect(max.x).toBeLessThan((COVER_SIZE.width / 2) * 1.1);
    const position = cover.attributes.position!;
    let bonnet = 0;
    let cabin = 0;
    for (let i = 0; i < position.count; i++) {
      const z = position.getZ(i) / (COVER_SIZE.length / 2);
      if (z > 0.85) bonnet = Math.max(bonnet, position.getY(i));
      if (Math.abs(z + 0.12) < 0.1) cabin = Math.max(cabin, position.getY(i));
    }
    expect(cabin).toBeGreaterThan(bonnet * 1.3);
    cover.dispose();
  });

  it('gives a flat screen texture coordinates from 0 to 1 across and up it, leaving the source as it was', () => {
    const screen = new PlaneGeometry(16, 7);
    screen.deleteAttribute('uv');
    const mapped = withPlanarUvs(screen);
    const uv = mapped.attributes.uv!;
    const us = Array.from({ length: uv.count }, (_, i) => uv.getX(i));
    const vs = Array.from({ length: uv.count }, (_, i) => uv.getY(i));
    expect(Math.min(...us)).toBe(0);
    expect(Math.max(...us)).toBe(1);
    expect(Math.min(...vs)).toBe(0);
    expect(Math.max(...vs)).toBe(1);
    expect(screen.attributes.uv).toBeUndefined();
  });
});
