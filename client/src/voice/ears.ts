import type { Ears } from './voice-spatial';

/**
 * Ears at a head pose: the head's position, forward its −Z and up its +Y turned by its
 * orientation (a unit quaternion). Writes into `out`; allocates nothing.
 */
export function earsAt(head: { x: number; y: number; z: number; qx: number; qy: number; qz: number; qw: number }, out: Ears): Ears {
  const { qx, qy, qz, qw } = head;
  out.x = head.x;
  out.y = head.y;
  out.z = head.z;
  // The rotation matrix's columns: −third is forward, second is up.
  out.forwardX = -(2 * (qx * qz + qw * qy));
  out.forwardY = -(2 * (qy * qz - qw * qx));
  out.forwardZ = -(1 - 2 * (qx * qx + qy * qy));
  out.upX = 2 * (qx * qy - qw * qz);
  out.upY = 1 - 2 * (qx * qx + qz * qz);
  out.upZ = 2 * (qy * qz + qw * qx);
  return out;
}

/** Ears at the origin, facing −Z: a starting value to write into. */
export function createEars(): Ears {
  return { x: 0, y: 1.6, z: 0, forwardX: 0, forwardY: 0, forwardZ: -1, upX: 0, upY: 1, upZ: 0 };
}
