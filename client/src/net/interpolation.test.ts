import { describe, expect, it } from 'vitest';
import { PoseBuffer, type Pose } from './interpolation';

const pose = (x: number, yaw = 0): Pose => ({ x, y: 1.6, z: 0, yaw, pitch: 0 });

describe('PoseBuffer', () => {
  it('reports nothing before the first snapshot', () => {
    expect(new PoseBuffer().sample(1000, pose(0))).toBe(false);
  });

  it('blends between the two snapshots around the render time', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0), 1000);
    buffer.push(pose(10), 1100);
    const out = pose(-1);
    buffer.sample(1150, out, 100); // render time 1050: halfway
    expect(out.x).toBeCloseTo(5);
  });

  it('holds the newest pose when the render time passes it', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0), 1000);
    buffer.push(pose(4), 1050);
    const out = pose(-1);
    buffer.sample(5000, out, 100);
    expect(out.x).toBe(4);
  });

  it('turns the short way across ±π', () => {
    const buffer = new PoseBuffer();
    buffer.push(pose(0, Math.PI - 0.1), 1000);
    buffer.push(pose(0, -Math.PI + 0.1), 1100);
    const out = pose(0);
    buffer.sample(1150, out, 100);
    expect(Math.abs(Math.abs(out.yaw) - Math.PI)).toBeLessThan(0.01);
  });
});
