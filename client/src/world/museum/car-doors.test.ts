import { Bone, Group, Object3D } from 'three';
import { describe, expect, it } from 'vitest';
import { DOOR_SWING_SECONDS, findDoors, swingDoors } from './car-doors';

/** A car's skeleton as GLTFLoader gives it: the extras of the pipeline's door joints in userData. */
function car() {
  const root = new Group();
  const chassis = new Bone();
  const left = new Bone();
  const right = new Bone();
  left.userData = { marque: { kind: 'door', openAngle: -1.1 } };
  right.userData = { marque: { kind: 'door', openAngle: 1.1 } };
  chassis.add(left, right);
  const body = new Object3D();
  body.userData = { marque: { kind: 'car' } };
  root.add(body, chassis);
  return { root, left, right };
}

describe("a car's doors", () => {
  it('are the joints whose extras name them doors', () => {
    const c = car();
    expect(findDoors(c.root).map((d) => d.joint)).toEqual([c.left, c.right]);
    expect(findDoors(new Group())).toEqual([]);
  });

  it('swing open over a second or so, each its own way, and shut again', () => {
    const c = car();
    const doors = findDoors(c.root);
    let amount = swingDoors(doors, 0, 1, DOOR_SWING_SECONDS / 2);
    expect(amount).toBeCloseTo(0.5);
    expect(c.left.rotation.y).toBeCloseTo(-0.55);
    expect(c.right.rotation.y).toBeCloseTo(0.55);
    amount = swingDoors(doors, amount, 1, DOOR_SWING_SECONDS);
    expect(amount).toBe(1);
    expect(c.left.rotation.y).toBeCloseTo(-1.1);
    // Eased: the first tenth of the swing turns the door less than a tenth of the way.
    swingDoors(doors, 0, 1, DOOR_SWING_SECONDS / 10);
    expect(Math.abs(c.left.rotation.y)).toBeLessThan(0.11);
    amount = swingDoors(doors, 1, 0, 2 * DOOR_SWING_SECONDS);
    expect(amount).toBe(0);
    expect(c.left.rotation.y).toBeCloseTo(0);
  });

  it('go straight there under reduced motion', () => {
    const c = car();
    expect(swingDoors(findDoors(c.root), 0, 1, 0.016, true)).toBe(1);
    expect(c.right.rotation.y).toBeCloseTo(1.1);
  });
});
