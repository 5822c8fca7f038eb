import type { Object3D } from 'three';

/** A door as the pipeline hinges it (assets/src/cars/build-car.ts): a joint of the car's skin. */
export interface CarDoor {
  /** The hinge joint; turning it about +Y swings the door. */
  joint: Object3D;
  /** Its turn when fully open, radians (the joint's extras). */
  openAngle: number;
}

/** A full swing takes this long, seconds: about a real door's pace, slow enough to follow. */
export const DOOR_SWING_SECONDS = 1.2;

/** The doors of a car's model under `root`: the joints whose extras name them a door. */
export function findDoors(root: Object3D): CarDoor[] {
  const doors: CarDoor[] = [];
  root.traverse((object) => {
    const marque = (object.userData as { marque?: { kind?: unknown; openAngle?: unknown } }).marque;
    if (marque?.kind === 'door' && typeof marque.openAngle === 'number') doors.push({ joint: object, openAngle: marque.openAngle });
  });
  return doors;
}

/**
 * How many levels under the root {@link CarDoorCache} watches for a new model: the exhibit's
 * turntable holds the car's group, which holds the model's scene, which holds its parts.
 */
const WATCHED_LEVELS = 3;

/**
 * The doors of one car, found once and looked for again only when its model changes: the model
 * may arrive after the exhibit, or be swapped for another level of detail. A change is a door's
 * joint gone from under the root, or other objects in the top {@link WATCHED_LEVELS} levels.
 * Asked every frame while the doors move, so it walks no more than those few levels then.
 */
export class CarDoorCache {
  private root: Object3D | undefined;
  private shape = 0;
  private doors: CarDoor[] = [];

  /** The doors under `root`, as {@link findDoors} finds them. */
  doorsOf(root: Object3D): readonly CarDoor[] {
    const shape = shapeOf(root, WATCHED_LEVELS);
    if (root !== this.root || shape !== this.shape || !this.attached(root)) {
      this.root = root;
      this.shape = shape;
      this.doors = findDoors(root);
    }
    return this.doors;
  }

  private attached(root: Object3D): boolean {
    for (let i = 0; i < this.doors.length; i++) {
      let object: Object3D | null = this.doors[i]!.joint;
      while (object && object !== root) object = object.parent;
      if (!object) return false;
    }
    return true;
  }
}

/** A number that changes when other objects stand in the top `levels` levels under `object`. */
function shapeOf(object: Object3D, levels: number): number {
  let shape = object.id;
  if (levels === 0) return shape;
  const children = object.children;
  for (let i = 0; i < children.length; i++) shape = (Math.imul(shape, 31) + shapeOf(children[i]!, levels - 1)) | 0;
  return shape;
}

/**
 * Moves how open the doors are (0 shut, 1 wide open) towards `target` by `delta` seconds of
 * swing, eased at both ends; `instant` (reduced motion) goes straight there. Returns the new
 * amount, to pass back in on the next frame.
 */
export function swingDoors(doors: readonly CarDoor[], amount: number, target: 0 | 1, delta: number, instant = false): number {
  const step = instant ? 1 : delta / DOOR_SWING_SECONDS;
  const next = target > amount ? Math.min(target, amount + step) : Math.max(target, amount - step);
  const eased = next * next * (3 - 2 * next);
  for (let i = 0; i < doors.length; i++) doors[i]!.joint.rotation.y = doors[i]!.openAngle * eased;
  return next;
}
