import type { AvatarPose, Transform } from '../../../protocol/src/pose-codec';

interface Snapshot {
  pose: AvatarPose;
  /** Local receive time, ms. */
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
const MAX_SNAPSHOTS = 20;

/**
 * Snapshot interpolation for one remote avatar: poses arrive at up to the server's tick
 * rate (20 Hz; less for distant avatars) and are drawn smoothly at the display's rate, a
 * little in the past. Positions blend linearly, rotations along the shorter arc.
 * Allocation-free on the per-frame path.
 */
export class PoseBuffer {
  private readonly snapshots: Snapshot[] = [];

  push(pose: AvatarPose, t: number): void {
    const last = this.snapshots[this.snapshots.length - 1];
    if (last && t <= last.t) t = last.t + 1;
    this.snapshots.push({ pose, t });
    if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.shift();
  }

  /** The newest pose received, if any. */
  get latest(): AvatarPose | undefined {
    return this.snapshots[this.snapshots.length - 1]?.pose;
  }

  /** Writes the pose at `now - delay` into `out`; false while nothing has arrived. */
  sample(now: number, out: SampledPose, delay = INTERPOLATION_DELAY_MS): boolean {
    const list = this.snapshots;
    if (list.length === 0) return false;
    const renderTime = now - delay;
    let i = list.length - 1;
    while (i > 0 && list[i - 1]!.t > renderTime) i--;
    const b = list[i]!;
    const a = i > 0 ? list[i - 1]! : b;
    const k = renderTime >= b.t || a === b ? 1 : Math.min(1, Math.max(0, (renderTime - a.t) / (b.t - a.t)));
    blend(a.pose.head, b.pose.head, k, out.head);
    out.hasLeft = blendHand(a.pose.left, b.pose.left, k, out.left);
    out.hasRight = blendHand(a.pose.right, b.pose.right, k, out.right);
    return true;
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
