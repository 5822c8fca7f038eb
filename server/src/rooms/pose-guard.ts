import type { AvatarPose, Transform } from '../../../protocol/src/pose-codec';

/** A room's walkable box, in metres; heads outside it are clamped in. */
export interface RoomBounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  minZ: number;
  maxZ: number;
}

/** How fast a visitor may move: a sustained speed, plus one teleport hop at a time. */
export interface MovementLimits {
  /** Metres a second, sustained. */
  speed: number;
  /** Longest single move (a teleport), in metres; the allowance refills at `speed`. */
  hop: number;
}

export const DEFAULT_MOVEMENT: MovementLimits = { speed: 8, hop: 12 };

/** A point on the floor, metres. */
export interface FloorPoint {
  x: number;
  z: number;
}

/**
 * The server's check on one visitor's poses: each new head position is clamped into the
 * room and to the distance the visitor could have covered since the last one, so a
 * teleporting or impossibly fast client moves no faster than a legitimate one. Hands move
 * with the head (the codec already limits their reach). A visitor starts where they can enter
 * the room (`entrances`: the spawn point the room gave, which the client also reads from the
 * zone's environment, and the doorways a trip from another zone arrives at): their first pose is
 * a move from the nearest of them like any other, so a client cannot appear anywhere in the
 * room's box by sending its first pose there.
 */
export class PoseGuard {
  private allowance: number;
  private last: number;
  private position: { x: number; z: number } | undefined;

  constructor(
    private readonly bounds: RoomBounds,
    private readonly limits: MovementLimits,
    now = Date.now(),
    private entrances: readonly FloorPoint[] = [],
  ) {
    this.allowance = limits.hop;
    this.last = now;
  }

  /** Lets the next pose land anywhere on the floor (the host moved the visitor onto the stage or back). */
  release(): void {
    this.position = undefined;
    this.entrances = [];
  }

  /** The pose as the server accepts it; `clamped` tells whether it had to change it. */
  accept(pose: AvatarPose, now = Date.now()): { pose: AvatarPose; clamped: boolean } {
    this.allowance = Math.min(this.limits.hop, this.allowance + ((now - this.last) / 1000) * this.limits.speed);
    this.last = now;
    const { bounds } = this;
    let x = clamp(pose.head.x, bounds.minX, bounds.maxX);
    const y = clamp(pose.head.y, bounds.minY, bounds.maxY);
    let z = clamp(pose.head.z, bounds.minZ, bounds.maxZ);
    let clamped = x !== pose.head.x || y !== pose.head.y || z !== pose.head.z;
    if (!this.position && this.entrances.length > 0) {
      // The first pose: from the entrance nearest to it, once.
      const from = nearest(this.entrances, x, z);
      this.position = { x: clamp(from.x, bounds.minX, bounds.maxX), z: clamp(from.z, bounds.minZ, bounds.maxZ) };
      this.entrances = [];
    }
    if (this.position) {
      const dx = x - this.position.x;
      const dz = z - this.position.z;
      const distance = Math.hypot(dx, dz);
      if (distance > this.allowance) {
        const k = this.allowance / distance;
        x = this.position.x + dx * k;
        z = this.position.z + dz * k;
        clamped = true;
      }
      this.allowance -= Math.min(distance, this.allowance);
    }
    const shiftX = x - pose.head.x;
    const shiftY = y - pose.head.y;
    const shiftZ = z - pose.head.z;
    this.position = { x, z };
    const moved = (part: Transform | undefined): Transform | undefined =>
      part && { ...part, x: part.x + shiftX, y: part.y + shiftY, z: part.z + shiftZ };
    return { pose: { head: { ...pose.head, x, y, z }, left: moved(pose.left), right: moved(pose.right) }, clamped };
  }
}

function nearest(points: readonly FloorPoint[], x: number, z: number): FloorPoint {
  let best = points[0]!;
  for (const point of points) if (Math.hypot(point.x - x, point.z - z) < Math.hypot(best.x - x, best.z - z)) best = point;
  return best;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
