/**
 * How the benchmark's visitors move: each starts somewhere on the floor (the server accepts
 * a first pose anywhere in the room), walks at a person's pace to a waypoint a few to
 * fifteen metres away, looks around there for a moment, and walks on. Over the floor this
 * gives a spread where some visitors are close together and most are far apart, and
 * every pose differs from the last, so each one goes out at 20 Hz.
 */
import type { AvatarPose } from '../../protocol/src/pose-codec';

/** Where visitors walk: the zones' 60 × 60 m floor, a metre in from the walls. */
export const FLOOR = { min: -29, max: 29 } as const;
const HEAD_HEIGHT = 1.6;

const clampFloor = (v: number) => Math.min(FLOOR.max, Math.max(FLOOR.min, v));

export class Walker {
  x: number;
  z: number;
  private yaw: number;
  private targetX = 0;
  private targetZ = 0;
  private speed = 0;
  private pauseS = 0;

  constructor(private readonly rand: () => number) {
    this.x = FLOOR.min + rand() * (FLOOR.max - FLOOR.min);
    this.z = FLOOR.min + rand() * (FLOOR.max - FLOOR.min);
    this.yaw = rand() * Math.PI * 2;
    this.pickWaypoint();
  }

  /** Moves on by `dt` seconds and returns the head pose there. */
  step(dt: number): AvatarPose {
    if (this.pauseS > 0) {
      // Standing: looking around.
      this.pauseS -= dt;
      this.yaw += (this.rand() - 0.5) * 2 * dt;
      if (this.pauseS <= 0) this.pickWaypoint();
    } else {
      const dx = this.targetX - this.x;
      const dz = this.targetZ - this.z;
      const distance = Math.hypot(dx, dz);
      const stride = this.speed * dt;
      if (distance <= stride) {
        this.x = this.targetX;
        this.z = this.targetZ;
        this.pauseS = this.rand() * 3;
      } else {
        this.x += (dx / distance) * stride;
        this.z += (dz / distance) * stride;
        this.yaw = Math.atan2(dx, dz);
      }
    }
    return this.pose();
  }

  pose(): AvatarPose {
    return { head: { x: this.x, y: HEAD_HEIGHT, z: this.z, qx: 0, qy: Math.sin(this.yaw / 2), qz: 0, qw: Math.cos(this.yaw / 2) } };
  }

  private pickWaypoint(): void {
    const angle = this.rand() * Math.PI * 2;
    const reach = 3 + this.rand() * 12;
    this.targetX = clampFloor(this.x + Math.cos(angle) * reach);
    this.targetZ = clampFloor(this.z + Math.sin(angle) * reach);
    this.speed = 0.8 + this.rand() * 0.8;
  }
}
