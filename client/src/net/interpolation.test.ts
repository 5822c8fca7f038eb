import { describe, expect, it } from 'vitest';
import type { AvatarPose } from '../../../protocol/src/pose-codec';
import { createSampledPose, INTERPOLATION_DELAY_MS, POSE_BUFFER_CAPACITY, PoseBuffer } from './interpolation';

/** A head at x, turned `yaw` radians about +Y. */
const pose = (x: number, yaw = 0): AvatarPose => ({
  head: { x, y: 1.6, z: 0, qx: 0, qy: Math.sin(yaw / 2), qz: 0, qw: Math.cos(yaw / 2) },
});
const yawOf = (q: { qy: number; qw: number }) => 2 * Math.atan2(q.qy, q.qw);

describe('PoseBuffer', () => {
  it('reports nothing before the first snapshot', () => {
    expect(new PoseBuffer().sample(1000, createSampledPose())).toBe(false);
  });

  it('blends between the two snapshots around the render time', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0), 1000);
    buffer.push(pose(10), 1100);
    const out = createSampledPose();
    buffer.sample(1150, out, 100); // render time 1050: halfway
    expect(out.head.x).toBeCloseTo(5);
  });

  it('holds the newest pose when the render time passes it', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0), 1000);
    buffer.push(pose(4), 1050);
    const out = createSampledPose();
    buffer.sample(5000, out, 100);
    expect(out.head.x).toBe(4);
  });

  it('turns the short way across ±π', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0, Math.PI - 0.1), 1000);
    buffer.push(pose(0, -Math.PI + 0.1), 1100);
    const out = createSampledPose();
    buffer.sample(1150, out, 100);
    expect(Math.abs(Math.abs(yawOf(out.head)) - Math.PI)).toBeLessThan(0.01);
  });

  it('draws hands only while the sender has them', () => {
    const buffer = new PoseBuffer();
    const withHand = pose(0);
    withHand.right = { x: 0.3, y: 1.2, z: -0.2, qx: 0, qy: 0, qz: 0, qw: 1 };
    buffer.push(withHand, 1000);
    const out = createSampledPose();
    buffer.sample(2000, out, 100);
    expect(out).toMatchObject({ hasLeft: false, hasRight: true, right: { x: 0.3 } });
    buffer.push(pose(0), 1100);
    buffer.sample(3000, out, 100);
    expect(out.hasRight).toBe(false);
  });

  it('keeps at most its capacity, dropping the oldest pose for a new one', () => {
    const buffer = new PoseBuffer(4);
    for (let i = 0; i < 11; i++) {
      buffer.push(pose(i), 1000 + 50 * i);
      expect(buffer.size).toBe(Math.min(i + 1, 4));
    }
    expect(buffer.latest?.head.x).toBe(10);
    // Poses 7 to 10 are left: a render time before all of them holds the oldest kept.
    const out = createSampledPose();
    buffer.sample(0, out, 0);
    expect(out.head.x).toBe(7);
  });

  it('blends across the wrap-around of its ring', () => {
    const buffer = new PoseBuffer(3);
    for (let i = 0; i < 5; i++) buffer.push(pose(10 * i), 1000 + 100 * i); // keeps 20, 30, 40 in slots 2, 0, 1
    const out = createSampledPose();
    buffer.sample(1350, out, 0);
    expect(out.head.x).toBeCloseTo(35);
    buffer.sample(1250, out, 0);
    expect(out.head.x).toBeCloseTo(25);
  });

  it('samples exactly as an unbounded list of every pose would, over many wraps', () => {
    const buffer = new PoseBuffer();
    const all: { x: number; t: number }[] = [];
    const out = createSampledPose();
    let t = 1000;
    for (let i = 0; i < 5 * POSE_BUFFER_CAPACITY; i++) {
      // Irregular arrivals, and now and then two in the same millisecond (the later one moves on by 1 ms).
      t += i % 7 === 0 ? 0 : 20 + ((i * 37) % 45);
      const x = Math.sin(i) * 5;
      buffer.push(pose(x), t);
      const last = all[all.length - 1];
      all.push({ x, t: last && t <= last.t ? last.t + 1 : t });
      for (let back = 0; back < 300; back += 17) {
        buffer.sample(all[all.length - 1]!.t + INTERPOLATION_DELAY_MS - back, out);
        expect(out.head.x).toBeCloseTo(reference(all, all[all.length - 1]!.t - back), 9);
      }
    }
  });

  it('writes into the sampled pose it is given, and keeps its own slots as poses arrive', () => {
    const buffer = new PoseBuffer(8);
    const out = createSampledPose();
    const { head, left, right } = out;
    const slots = (buffer as unknown as { slots: object[] }).slots;
    const first = [...slots];
    for (let i = 0; i < 100; i++) {
      buffer.push(pose(i), 1000 + 50 * i);
      buffer.sample(1000 + 50 * i, out);
    }
    expect(out.head).toBe(head);
    expect(out.left).toBe(left);
    expect(out.right).toBe(right);
    expect(slots).toHaveLength(8);
    slots.forEach((slot, i) => expect(slot).toBe(first[i]));
  });
});

/** The head's x at `renderTime` from every pose ever received: the blend a list without a bound gives. */
function reference(all: readonly { x: number; t: number }[], renderTime: number): number {
  let i = all.length - 1;
  while (i > 0 && all[i - 1]!.t > renderTime) i--;
  const b = all[i]!;
  const a = i > 0 ? all[i - 1]! : b;
  const k = renderTime >= b.t || a === b ? 1 : Math.min(1, Math.max(0, (renderTime - a.t) / (b.t - a.t)));
  return a.x + (b.x - a.x) * k;
}
