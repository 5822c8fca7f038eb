/** A pose of a remote avatar as received from the server. */
export interface Pose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  pitch: number;
}

interface Snapshot extends Pose {
  /** Local receive time, ms. */
  t: number;
}

/** How far behind real time remote avatars are drawn, so there are two snapshots to blend between. */
export const INTERPOLATION_DELAY_MS = 120;
const MAX_SNAPSHOTS = 20;

/**
 * Snapshot interpolation for one remote avatar: positions arrive at the server's
 * patch rate (20 Hz) and are drawn smoothly at the display's rate, a little in
 * the past. Allocation-free on the per-frame path.
 */
export class PoseBuffer {
  private readonly snapshots: Snapshot[] = [];

  push(pose: Pose, t: number): void {
    const last = this.snapshots[this.snapshots.length - 1];
    if (last && t <= last.t) t = last.t + 1;
    this.snapshots.push({ ...pose, t });
    if (this.snapshots.length > MAX_SNAPSHOTS) this.snapshots.shift();
  }

  /** Writes the pose at `now - delay` into `out`; false while nothing has arrived. */
  sample(now: number, out: Pose, delay = INTERPOLATION_DELAY_MS): boolean {
    const list = this.snapshots;
    if (list.length === 0) return false;
    const renderTime = now - delay;
    let i = list.length - 1;
    while (i > 0 && list[i - 1]!.t > renderTime) i--;
    const b = list[i]!;
    const a = i > 0 ? list[i - 1]! : b;
    if (renderTime >= b.t || a === b) {
      copy(b, out);
      return true;
    }
    const k = Math.min(1, Math.max(0, (renderTime - a.t) / (b.t - a.t)));
    out.x = a.x + (b.x - a.x) * k;
    out.y = a.y + (b.y - a.y) * k;
    out.z = a.z + (b.z - a.z) * k;
    out.yaw = a.yaw + shortestAngle(a.yaw, b.yaw) * k;
    out.pitch = a.pitch + (b.pitch - a.pitch) * k;
    return true;
  }
}

function copy(from: Pose, to: Pose): void {
  to.x = from.x;
  to.y = from.y;
  to.z = from.z;
  to.yaw = from.yaw;
  to.pitch = from.pitch;
}

function shortestAngle(from: number, to: number): number {
  const twoPi = Math.PI * 2;
  let d = (to - from) % twoPi;
  if (d > Math.PI) d -= twoPi;
  if (d < -Math.PI) d += twoPi;
  return d;
}
