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
 * Moves how open the doors are (0 shut, 1 wide open) towards `target` by `delta` seconds of
 * swing, eased at both ends; `instant` (reduced motion) goes straight there. Returns the new
 * amount, to pass back in on the next frame.
 */
export function swingDoors(doors: readonly CarDoor[], amount: number, target: 0 | 1, delta: number, instant = false): number {
  const step = instant ? 1 : delta / DOOR_SWING_SECONDS;
  const next = target > amount ? Math.min(target, amount + step) : Math.max(target, amount - step);
  const eased = next * next * (3 - 2 * next);
  for (const door of doors) door.joint.rotation.y = door.openAngle * eased;
  return next;
}
