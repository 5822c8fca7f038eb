import { Group, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { ComfortStore, COMFORT_DEFAULTS } from './comfort-settings';
import { comfortableFrameRate } from './frame-rate';
import { castTeleportArc, ControllerInput, LOCOMOTION_DEFAULTS, teleportOrigin, turnOrigin, walkOrigin, type ControllerSource } from './locomotion';

const bounds = { minX: -10, maxX: 10, minZ: -10, maxZ: 10, floors: [{ min: [-1, -6] as const, max: [1, -4] as const, y: 0.5 }] };

/** The head's world x/z for a head at `head` in the origin's space. */
function headInWorld(origin: Group, head: Vector3) {
  origin.updateMatrixWorld();
  return head.clone().applyMatrix4(origin.matrixWorld);
}

describe('VR locomotion', () => {
  it('lands the teleport arc ahead on the floor, and on a raised floor at its height', () => {
    const points = new Float32Array(64 * 3);
    const hit = new Vector3();
    const level = castTeleportArc(new Vector3(0, 1.2, 0), new Vector3(0, -0.5, -1).normalize(), bounds, points, hit);
    expect(level.valid).toBe(true);
    expect(hit.y).toBe(0);
    expect(hit.z).toBeLessThan(-1);
    expect(Math.abs(hit.x)).toBeLessThan(1e-9);
    expect(points[(level.count - 1) * 3 + 2]).toBeCloseTo(hit.z, 5); // float32

    const stage = castTeleportArc(new Vector3(0, 1.2, 0), new Vector3(0, 0.3, -1).normalize(), bounds, points, hit);
    expect(stage.valid).toBe(true);
    expect(hit.y).toBe(0.5);
    expect(hit.z).toBeLessThanOrEqual(-4);
  });

  it('writes each cast into the result it is given, as aiming does every frame', () => {
    const points = new Float32Array(64 * 3);
    const hit = new Vector3();
    const out = { count: 0, valid: false };
    const landed = castTeleportArc(new Vector3(0, 1.2, 0), new Vector3(0, -0.5, -1).normalize(), bounds, points, hit, LOCOMOTION_DEFAULTS, out);
    expect(landed).toBe(out);
    expect(out).toMatchObject({ valid: true, count: landed.count });
    const outside = castTeleportArc(new Vector3(0, 1.2, -9), new Vector3(0, 0, -1), bounds, points, hit, LOCOMOTION_DEFAULTS, out);
    expect(outside).toBe(out);
    expect(out.valid).toBe(false);
  });

  it('refuses a landing outside the walkable area', () => {
    const hit = new Vector3();
    const cast = castTeleportArc(new Vector3(0, 1.2, -9), new Vector3(0, 0, -1), bounds, new Float32Array(64 * 3), hit);
    expect(cast.valid).toBe(false);
  });

  it('teleports the head, not the origin, onto the target', () => {
    const origin = new Group();
    origin.rotation.y = 0.7;
    const head = new Vector3(0.3, 1.6, -0.2);
    teleportOrigin(origin, head, new Vector3(2, 0, -3));
    const h = headInWorld(origin, head);
    expect(h.x).toBeCloseTo(2, 9);
    expect(h.z).toBeCloseTo(-3, 9);
  });

  it('snap-turns by the angle about the head, which stays put', () => {
    const origin = new Group();
    origin.position.set(1, 0, 2);
    const head = new Vector3(0.4, 1.6, 0.3);
    const before = headInWorld(origin, head);
    turnOrigin(origin, head, -Math.PI / 4);
    expect(origin.rotation.y).toBeCloseTo(-Math.PI / 4, 12);
    const after = headInWorld(origin, head);
    expect(after.distanceTo(before)).toBeLessThan(1e-9);
  });

  it('walks where the head looks and keeps the head inside the bounds', () => {
    const origin = new Group();
    const head = new Vector3(0, 1.6, 0);
    // Looking 90° left (towards −X), stick forward: moves towards −X.
    const speed = walkOrigin(origin, head, Math.PI / 2, 0, -1, 0.5, bounds, 2);
    expect(speed).toBe(2);
    expect(origin.position.x).toBeCloseTo(-1, 9);
    expect(origin.position.z).toBeCloseTo(0, 9);
    walkOrigin(origin, head, Math.PI / 2, 0, -1, 100, bounds, 2);
    expect(origin.position.x).toBe(-10);
  });
});

describe('comfort settings', () => {
  it('teleports by default, with the vignette on and standing', () => {
    expect(new ComfortStore({ ...COMFORT_DEFAULTS }).get()).toMatchObject({ locomotion: 'teleport', vignette: true, seated: false });
  });

  it('lifts a seated visitor to standing eye height', () => {
    const store = new ComfortStore({ ...COMFORT_DEFAULTS });
    store.headHeight = 1.15;
    store.setSeated(true);
    expect(store.lift()).toBeCloseTo(0.45, 9);
    store.setSeated(false);
    expect(store.lift()).toBe(0);
  });
});

describe('frame rate', () => {
  it('asks for 72 Hz, 90 Hz only without 72, else leaves the default', () => {
    expect(comfortableFrameRate([72, 80, 90, 120])).toBe(72);
    expect(comfortableFrameRate([90, 120, 144])).toBe(90);
    expect(comfortableFrameRate([60, 120])).toBe(false);
  });
});

/** A controller with its sticks at `x`, `y` (the thumbstick's axes 2 and 3) and its X/Y button pressed or not. */
function controller(handedness: 'left' | 'right', x = 0, y = 0, menu = false): ControllerSource {
  return { handedness, gamepad: { axes: [0, 0, x, y], buttons: [0, 1, 2, 3, 4].map((i) => ({ pressed: menu && i === 4 })) } };
}

describe('VR controller input', () => {
  it('aims while the right stick is pushed forward, and lands on release where the last aim was valid', () => {
    const input = new ControllerInput();
    const pushed = controller('right', 0, -0.9);
    expect(input.read([pushed], 'teleport').aim).toBe(pushed);
    input.aimed(true);
    // Easing back keeps aiming until the stick is nearly home.
    expect(input.read([controller('right', 0, -0.5)], 'teleport').aim).toBeDefined();
    input.aimed(true);
    const released = input.read([controller('right', 0, 0)], 'teleport');
    expect(released).toMatchObject({ aim: undefined, land: true });
    expect(input.isAiming).toBe(false);

    input.read([pushed], 'teleport');
    input.aimed(false);
    expect(input.read([controller('right')], 'teleport').land).toBe(false);
  });

  it('aims with a right-hand pinch, but not one that points at the VR menu', () => {
    const input = new ControllerInput();
    const hand = { handedness: 'right', hand: {} } as const;
    input.pinchStart(hand, true);
    expect(input.read([hand], 'teleport').aim).toBeUndefined();
    input.pinchStart(hand, false);
    expect(input.read([hand], 'teleport').aim).toBe(hand);
    input.pinchEnd(hand);
    expect(input.read([hand], 'teleport').aim).toBeUndefined();
  });

  it('snaps one turn per push of the right stick, to the right for a push right', () => {
    const input = new ControllerInput();
    expect(input.read([controller('right', 0.9)], 'teleport').turn).toBeCloseTo(-Math.PI / 4);
    expect(input.read([controller('right', 0.9)], 'teleport').turn).toBe(0);
    expect(input.read([controller('right', 0.5)], 'teleport').turn).toBe(0);
    input.read([controller('right', 0.1)], 'teleport');
    expect(input.read([controller('right', -0.9)], 'smooth').turn).toBeCloseTo(Math.PI / 4);
  });

  it('walks on the left stick only in smooth mode and past the dead zone; never aims there', () => {
    const input = new ControllerInput();
    expect(input.read([controller('left', 0.5, -0.5)], 'teleport')).toMatchObject({ walkX: 0, walkY: 0 });
    expect(input.read([controller('left', 0.1, 0)], 'smooth')).toMatchObject({ walkX: 0, walkY: 0 });
    expect(input.read([controller('left', 0.5, -0.5)], 'smooth')).toMatchObject({ walkX: 0.5, walkY: -0.5 });
    expect(input.read([controller('right', 0, -0.9)], 'smooth').aim).toBeUndefined();
  });

  it('toggles the VR menu once per press of the X/Y button', () => {
    const input = new ControllerInput();
    expect(input.read([controller('left', 0, 0, true)], 'teleport').toggleMenu).toBe(true);
    expect(input.read([controller('left', 0, 0, true)], 'teleport').toggleMenu).toBe(false);
    input.read([controller('left')], 'teleport');
    expect(input.read([controller('left', 0, 0, true)], 'teleport').toggleMenu).toBe(true);
  });
});
