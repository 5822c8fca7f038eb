import { Bone, Group, Object3D } from 'three';
import { describe, expect, it, vi } from 'vitest';
import { CarDoorCache, DOOR_SWING_SECONDS, findDoors, swingDoors } from './car-doors';

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

describe("an exhibit's door cache", () => {
  /** The exhibit's turntable holding the car's group, which holds a model as `car()` builds it. */
  function exhibit() {
    const turntable = new Group();
    const carGroup = new Group();
    turntable.add(carGroup);
    const model = car();
    carGroup.add(model.root);
    return { turntable, carGroup, model };
  }

  it('looks for the doors once while the model stays, however many frames they move', () => {
    const { turntable, model } = exhibit();
    const cache = new CarDoorCache();
    const traverse = vi.spyOn(turntable, 'traverse');
    const first = cache.doorsOf(turntable);
    for (let frame = 0; frame < 200; frame++) expect(cache.doorsOf(turntable)).toBe(first);
    expect(traverse).toHaveBeenCalledTimes(1);
    expect(first.map((door) => door.joint)).toEqual([model.left, model.right]);
  });

  it('finds the doors of a model that arrives after the exhibit', () => {
    const turntable = new Group();
    const cache = new CarDoorCache();
    expect(cache.doorsOf(turntable)).toEqual([]);
    const carGroup = new Group();
    turntable.add(carGroup);
    expect(cache.doorsOf(turntable)).toEqual([]);
    const model = car();
    carGroup.add(model.root);
    expect(cache.doorsOf(turntable).map((door) => door.joint)).toEqual([model.left, model.right]);
  });

  it('finds the new doors when the model is swapped for another level of detail', () => {
    const { turntable, carGroup, model } = exhibit();
    const cache = new CarDoorCache();
    cache.doorsOf(turntable);
    carGroup.remove(model.root);
    const detailed = car();
    carGroup.add(detailed.root);
    expect(cache.doorsOf(turntable).map((door) => door.joint)).toEqual([detailed.left, detailed.right]);
  });

  it('finds the doors again when a door joint leaves the model deep inside it', () => {
    const { turntable, model } = exhibit();
    const cache = new CarDoorCache();
    cache.doorsOf(turntable);
    model.left.removeFromParent();
    expect(cache.doorsOf(turntable).map((door) => door.joint)).toEqual([model.right]);
  });
});
