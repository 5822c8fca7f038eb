import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { DesktopControls, floorHeight, type WalkBounds } from './desktop-controls';

/** The launch arena's shape: a stage in front, tiers stepping up behind. */
const ARENA: WalkBounds = {
  minX: -17,
  maxX: 17,
  minZ: -15,
  maxZ: 17,
  floors: [
    { min: [-11, -14], max: [11, -2], y: 0.8 },
    { min: [-12, 6], max: [12, 18], y: 0.45 },
    { min: [-12, 8.2], max: [12, 18], y: 0.9 },
  ],
};

describe('floorHeight', () => {
  it('is the highest raised area under a point, or the ground', () => {
    expect(floorHeight(ARENA.floors, 0, -6)).toBe(0.8);
    expect(floorHeight(ARENA.floors, 0, 2)).toBe(0);
    expect(floorHeight(ARENA.floors, 0, 7)).toBe(0.45);
    expect(floorHeight(ARENA.floors, 0, 9.8)).toBe(0.9);
    expect(floorHeight(undefined, 0, 9.8)).toBe(0);
  });
});

describe('DesktopControls', () => {
  it('stands the visitor at eye height above the floor at once, then eases down a step as they walk off it', () => {
    const controls = new DesktopControls();
    const camera = new PerspectiveCamera();
    camera.position.set(0, 1.6, 9.8);
    controls.update(camera, 1 / 60, ARENA);
    expect(camera.position.y).toBeCloseTo(2.5);

    // Off the tiers, onto the ground: the eyes follow over a few frames, not in one jump.
    camera.position.z = 3;
    controls.update(camera, 1 / 60, ARENA);
    expect(camera.position.y).toBeLessThan(2.5);
    expect(camera.position.y).toBeGreaterThan(1.6);
    for (let i = 0; i < 60; i++) controls.update(camera, 1 / 60, ARENA);
    expect(camera.position.y).toBeCloseTo(1.6, 2);
  });
});
