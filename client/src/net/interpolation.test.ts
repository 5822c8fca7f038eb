import { describe, expect, it } from 'vitest';
import type { AvatarPose } from '../../../protocol/src/pose-codec';
import { createSampledPose, PoseBuffer } from './interpolation';

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
});
