import type { AvatarPose, Transform } from '../../../protocol/src/pose-codec';

/** A received pose and its local receive time, ms; a slot of the ring, reused as poses arrive. */
interface Snapshot {
  pose: AvatarPose | undefined;
  t: number;
}

/** A pose sampled for drawing: every part preallocated, hands flagged when present. */
export interface SampledPose {
  head: Transform;
  left: Transform;
  right: Transform;
  hasLeft: boolean;
  hasRight: boolean;
}

/** A sampled pose to write into, allocated once per avatar. */
export function createSampledPose(): SampledPose {
  const identity = (): Transform => ({ x: 0, y: 0, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 });
  return { head: identity(), left: identity(), right: identity(), hasLeft: false, hasRight: false };
}

/** How far behind real time remote avatars are drawn, so there are two snapshots to blend between. */
export const INTERPOLATION_DELAY_MS = 120;
/** Poses kept per avatar: a second at the server's 20 Hz, well past the {@link INTERPOLATION_DELAY_MS} looked back. */
export const POSE_BUFFER_CAPACITY = 20;

/**
 * Snapshot interpolation for one remote avatar: poses arrive at up to the server's tick
 * rate (20 Hz; less for distant avatars) and are drawn smoothly at the display's rate, a
 * little in the past. Positions blend linearly, rotations along the shorter arc.
 * Allocation-free: the poses sit in a fixed ring of slots, reused as new ones arrive, and
 * sampling writes into the caller's {@link SampledPose}.
 */
export class PoseBuffer {
  /** The ring: `count` snapshots from `oldest` on, wrapping round; made once, never grown. */
  private readonly slots: Snapshot[];
  private oldest = 0;
  private count = 0;

  /** @param capacity how many poses are kept; the oldest gives way to a new one when full. */
  constructor(readonly capacity = POSE_BUFFER_CAPACITY) {
    this.slots = Array.from({ length: capacity }, () => ({ pose: undefined, t: 0 }));
  }

  /** How many poses are kept (at most {@link capacity}). */
  get size(): number {
    return this.count;
  }

  /** Keeps `pose` as received at `t`, ms; when full, in the slot of the oldest. */
  push(pose: AvatarPose, t: number): void {
    if (this.count > 0) {
      const last = this.at(this.count - 1);
      if (t <= last.t) t = last.t + 1;
    }
    let slot: Snapshot;
    if (this.count < this.capacity) {
      slot = this.at(this.count);
      this.count++;
    } else {
      slot = this.slots[this.oldest]!;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    slot.pose = pose;
    slot.t = t;
  }

  /** The newest pose received, if any. */
  get latest(): AvatarPose | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1).pose;
  }

  /** Writes the pose at `now - delay` into `out`; false while nothing has arrived. */
  sample(now: number, out: SampledPose, delay = INTERPOLATION_DELAY_MS): boolean {
    if (this.count === 0) return false;
    const renderTime = now - delay;
    let i = this.count - 1;
    while (i > 0 && this.at(i - 1).t > renderTime) i--;
    const b = this.at(i);
    const a = i > 0 ? this.at(i - 1) : b;
    const k = renderTime >= b.t || a === b ? 1 : Math.min(1, Math.max(0, (renderTime - a.t) / (b.t - a.t)));
    const from = a.pose!;
    const to = b.pose!;
    blend(from.head, to.head, k, out.head);
    out.hasLeft = blendHand(from.left, to.left, k, out.left);
    out.hasRight = blendHand(from.right, to.right, k, out.right);
    return true;
  }

  /** The `i`-th kept snapshot, oldest first. */
  private at(i: number): Snapshot {
    return this.slots[(this.oldest + i) % this.capacity]!;
  }
}

function blendHand(a: Transform | undefined, b: Transform | undefined, k: number, out: Transform): boolean {
  if (!b) return false;
  blend(a ?? b, b, k, out);
  return true;
}

function blend(a: Transform, b: Transform, k: number, out: Transform): void {
  out.x = a.x + (b.x - a.x) * k;
  out.y = a.y + (b.y - a.y) * k;
  out.z = a.z + (b.z - a.z) * k;
  // Normalised lerp along the shorter arc: indistinguishable from slerp at 20 Hz steps.
  const sign = a.qx * b.qx + a.qy * b.qy + a.qz * b.qz + a.qw * b.qw < 0 ? -1 : 1;
  const qx = a.qx + (b.qx * sign - a.qx) * k;
  const qy = a.qy + (b.qy * sign - a.qy) * k;
  const qz = a.qz + (b.qz * sign - a.qz) * k;
  const qw = a.qw + (b.qw * sign - a.qw) * k;
  const length = Math.hypot(qx, qy, qz, qw) || 1;
  out.qx = qx / length;
  out.qy = qy / length;
  out.qz = qz / length;
  out.qw = qw / length;
}
