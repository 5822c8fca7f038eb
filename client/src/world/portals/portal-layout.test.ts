import { Group, Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { ARRIVAL_DISTANCE, arrivalPose, pickPortal, PORTAL_REACH, portalAt, readPortals, type PortalAnchor } from './portal-layout';

/** The museum's doorway to the factory: on the west wall (x = −9.94), looking east into the hall. */
const FACTORY: PortalAnchor = { to: 'factory', position: [-9.94, 0, 16], facing: Math.PI / 2, width: 1.4, height: 2.5 };
/** A doorway in a far wall (z = −18), looking back down the hall (+Z). */
const GARAGE: PortalAnchor = { to: 'garage', position: [0, 0, -18], facing: 0, width: 1.4, height: 2.5 };

describe('readPortals', () => {
  it('reads the portal anchors of an environment in world space, in the world order, and nothing else', () => {
    const root = new Group();
    root.position.set(1, 0, 0);
    const anchors = new Object3D();
    root.add(anchors);
    const lounge = new Object3D();
    lounge.position.set(0, 0, 5);
    lounge.rotation.y = Math.PI;
    lounge.userData.marque = { anchor: 'portal', to: 'lounge', width: 1.4, height: 2.5 };
    const museum = new Object3D();
    museum.position.set(-3, 0.5, 0);
    museum.rotation.y = Math.PI / 2;
    museum.userData.marque = { anchor: 'portal', to: 'museum', width: 1.2, height: 2.2 };
    const car = new Object3D();
    car.userData.marque = { anchor: 'car' };
    const unknown = new Object3D();
    unknown.userData.marque = { anchor: 'portal', to: 'moon' };
    anchors.add(lounge, museum, car, unknown);

    const portals = readPortals(root);
    expect(portals.map((p) => p.to)).toEqual(['museum', 'lounge']);
    expect(portals[0]!.position).toEqual([-2, 0.5, 0]);
    expect(portals[0]!.facing).toBeCloseTo(Math.PI / 2);
    expect(portals[0]).toMatchObject({ width: 1.2, height: 2.2 });
    expect(portals[1]!.position[0]).toBeCloseTo(1);
    expect(Math.abs(portals[1]!.facing)).toBeCloseTo(Math.PI);
  });
});

describe('portalAt', () => {
  it('finds the doorway a visitor has walked into: within its width and reach of the wall', () => {
    // The walk bounds stop a visitor about 0.7 m from the wall.
    expect(portalAt([FACTORY, GARAGE], -9.24, 16.3)).toBe(0);
    expect(portalAt([FACTORY, GARAGE], 0.5, -17)).toBe(1);
    expect(portalAt([FACTORY, GARAGE], -9.94 + PORTAL_REACH + 0.1, 16)).toBe(-1);
    // Beside the opening, not in it.
    expect(portalAt([FACTORY], -9.24, 17)).toBe(-1);
  });

  it('never holds a visitor who has just arrived in front of it', () => {
    const { position } = arrivalPose(FACTORY);
    expect(portalAt([FACTORY], position[0], position[2])).toBe(-1);
  });
});

describe('pickPortal', () => {
  const eyes = { x: 0, y: 1.6, z: 16 };
  it('picks a doorway the ray points at, its opening or its sign', () => {
    expect(pickPortal([GARAGE, FACTORY], eyes, { x: -1, y: 0, z: 0 })).toBe(1);
    // Up at the sign, 2.95 m high at 9.94 m.
    expect(pickPortal([FACTORY], eyes, { x: -1, y: (2.95 - 1.6) / 9.94, z: 0 })).toBe(0);
  });

  it('ignores doorways beside the ray, behind the visitor, out of reach, and their backs', () => {
    expect(pickPortal([FACTORY], eyes, { x: -1, y: 0, z: 0.3 })).toBe(-1);
    expect(pickPortal([FACTORY], eyes, { x: 1, y: 0, z: 0 })).toBe(-1);
    expect(pickPortal([GARAGE], eyes, { x: 0, y: 0, z: -1 }, 20)).toBe(-1);
    expect(pickPortal([GARAGE], { x: 0, y: 1.6, z: -30 }, { x: 0, y: 0, z: 1 })).toBe(-1);
  });

  it('picks the nearer of two doorways in line', () => {
    const nearer: PortalAnchor = { ...FACTORY, to: 'launch', position: [-5, 0, 16] };
    expect(pickPortal([FACTORY, nearer], eyes, { x: -1, y: 0, z: 0 })).toBe(1);
  });
});

describe('arrivalPose', () => {
  it('stands the visitor in front of the doorway, looking into the room', () => {
    const pose = arrivalPose(FACTORY);
    expect(pose.position[0]).toBeCloseTo(-9.94 + ARRIVAL_DISTANCE);
    expect(pose.position[2]).toBeCloseTo(16);
    // A camera with this yaw looks along (−sin, −cos): east, away from the wall.
    expect(-Math.sin(pose.yaw)).toBeCloseTo(1);
    expect(-Math.cos(pose.yaw)).toBeCloseTo(0);
  });

  it('turns them towards it when they were turned back', () => {
    const pose = arrivalPose(GARAGE, 'towards');
    expect(pose.position).toEqual([0, 0, -18 + ARRIVAL_DISTANCE]);
    expect(-Math.cos(pose.yaw)).toBeCloseTo(-1);
  });
});
