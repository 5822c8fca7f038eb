import { PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { clampKnob, floorTarget, isTap, joystickVector, stepTowards, TouchControls } from './touch-controls';

const BOUNDS = { minX: -10, maxX: 10, minZ: -10, maxZ: 10 };

describe('joystickVector', () => {
  it('is still inside the dead zone', () => {
    expect(joystickVector(3, -3, 50)).toEqual({ x: 0, y: 0, magnitude: 0 });
  });

  it('walks ahead at full strength for a drag up past the radius', () => {
    const v = joystickVector(0, -80, 50);
    expect(v.magnitude).toBe(1);
    expect(v.y).toBeCloseTo(1);
    expect(v.x).toBeCloseTo(0);
  });

  it('ramps with the distance and keeps the direction', () => {
    const half = joystickVector(30, 0, 50, 0.2);
    expect(half.magnitude).toBeCloseTo((0.6 - 0.2) / 0.8);
    expect(half.x).toBeCloseTo(half.magnitude);
    expect(half.y).toBeCloseTo(0);
    const diagonal = joystickVector(-100, 100, 50);
    expect(diagonal.x).toBeCloseTo(-Math.SQRT1_2);
    expect(diagonal.y).toBeCloseTo(-Math.SQRT1_2);
  });
});

describe('clampKnob, isTap, stepTowards', () => {
  it('holds the knob inside the base', () => {
    expect(clampKnob(10, 0, 40)).toEqual({ x: 10, y: 0 });
    const held = clampKnob(0, 120, 40);
    expect(held.x).toBeCloseTo(0);
    expect(held.y).toBeCloseTo(40);
  });

  it('tells a tap from a drag', () => {
    expect(isTap(4, 120)).toBe(true);
    expect(isTap(40, 120)).toBe(false);
    expect(isTap(2, 900)).toBe(false);
  });

  it('steps at walking speed and arrives', () => {
    expect(stepTowards(10, 2, 0.5)).toBeCloseTo(0.1 / 10 * 2);
    expect(stepTowards(0.05, 2, 0.1)).toBe(1);
  });
});

describe('floorTarget', () => {
  const eyes = { x: 0, y: 1.6, z: 0 };
  it('is where a click or tap looking down meets the floor', () => {
    // 45° down, straight ahead: 1.6 m away.
    expect(floorTarget(eyes, { x: 0, y: -1, z: -1 }, 0, BOUNDS, 20)).toEqual({ x: 0, z: -1.6 });
    // On a raised floor (a tier 0.45 m up, the eyes above it), a shorter way.
    const onTier = floorTarget({ x: 0, y: 2.05, z: 0 }, { x: 1, y: -1, z: 0 }, 0.45, BOUNDS, 20)!;
    expect(onTier.x).toBeCloseTo(1.6);
    expect(onTier.z).toBeCloseTo(0);
  });

  it('is held inside the walkable area, for a click past a wall or on its foot', () => {
    // Nearly level, towards −X: the floor is met 32 m away, past the bounds at −10.
    const far = floorTarget(eyes, { x: -1, y: -0.05, z: 0.1 }, 0, BOUNDS, 40)!;
    expect(far.x).toBe(-10);
    expect(far.z).toBeCloseTo(3.2);
  });

  it('is nowhere for a ray at the sky, level, or beyond reach', () => {
    expect(floorTarget(eyes, { x: 0, y: 0.2, z: -1 }, 0, BOUNDS, 20)).toBeUndefined();
    expect(floorTarget(eyes, { x: 0, y: 0, z: -1 }, 0, BOUNDS, 20)).toBeUndefined();
    expect(floorTarget(eyes, { x: 0, y: -0.05, z: -1 }, 0, BOUNDS, 20)).toBeUndefined();
  });
});

describe('TouchControls', () => {
  it('walks where the visitor faces with the stick pushed ahead, inside the bounds', () => {
    const controls = new TouchControls({ speed: 2 });
    const camera = new PerspectiveCamera();
    camera.position.set(0, 1.6, 0);
    controls.setStick(joystickVector(0, -100, 50));
    for (let i = 0; i < 10; i++) controls.update(camera, 0.1, BOUNDS, 0);
    expect(camera.position.z).toBeCloseTo(-2);
    expect(camera.position.x).toBeCloseTo(0);
    expect(controls.walked).toBeCloseTo(2);
    // Facing +X (yaw −90°), "ahead" walks along +X, up to the bounds.
    for (let i = 0; i < 100; i++) controls.update(camera, 0.1, BOUNDS, -Math.PI / 2);
    expect(camera.position.x).toBe(10);
    controls.setStick({ x: 0, y: 0, magnitude: 0 });
    const before = camera.position.clone();
    controls.update(camera, 0.1, BOUNDS, 0);
    expect(camera.position.equals(before)).toBe(true);
  });
});
