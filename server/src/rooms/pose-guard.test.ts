import { describe, expect, it } from 'vitest';
import type { AvatarPose } from '../../../protocol/src/pose-codec';
import { PoseGuard } from './pose-guard';

const bounds = { minX: -30, maxX: 30, minY: 0, maxY: 3, minZ: -30, maxZ: 30 };
const at = (x: number, y = 1.6, z = 0): AvatarPose => ({ head: { x, y, z, qx: 0, qy: 0, qz: 0, qw: 1 } });

describe('PoseGuard', () => {
  it('clamps a pose outside the room into it', () => {
    const guard = new PoseGuard(bounds, { speed: 8, hop: 12 }, 0);
    expect(guard.accept(at(100, 9, -2), 0)).toMatchObject({ pose: { head: { x: 30, y: 3, z: -2 } }, clamped: true });
  });

  it('starts a visitor at the spawn or a doorway: a first pose far from them is held to one hop, like any jump', () => {
    const entrances = [
      { x: 0, z: 8 },
      { x: 25, z: 20 },
    ];
    const guard = new PoseGuard(bounds, { speed: 8, hop: 12 }, 0, entrances);
    const first = guard.accept(at(0, 1.6, -28), 0);
    expect(first.clamped).toBe(true);
    expect(first.pose.head.z).toBeCloseTo(8 - 12);
    // A first pose near the spawn (where the client stands from its environment) passes as sent, and
    // so does one in front of a doorway (a trip from another zone arrives there).
    expect(new PoseGuard(bounds, { speed: 8, hop: 12 }, 0, entrances).accept(at(1, 1.6, 9), 0)).toMatchObject({ pose: { head: { x: 1, z: 9 } }, clamped: false });
    expect(new PoseGuard(bounds, { speed: 8, hop: 12 }, 0, entrances).accept(at(22.5, 1.6, 20), 0)).toMatchObject({ pose: { head: { x: 22.5, z: 20 } }, clamped: false });
  });

  it('allows a teleport hop, then no faster than the sustained speed', () => {
    const guard = new PoseGuard(bounds, { speed: 8, hop: 12 }, 0);
    guard.accept(at(0), 0);
    expect(guard.accept(at(10), 0)).toMatchObject({ pose: { head: { x: 10 } }, clamped: false });
    // 2 m of allowance left, plus 8 m/s × 0.5 s.
    const next = guard.accept(at(25), 500);
    expect(next.clamped).toBe(true);
    expect(next.pose.head.x).toBeCloseTo(16);
    // A client claiming 100 m/s keeps being held to 8 m/s.
    let x = 16;
    for (let t = 550; t <= 1500; t += 50) x = guard.accept(at(x + 5), t).pose.head.x;
    expect(x).toBeCloseTo(16 + 8 * 1.0, 0);
  });

  it('moves the hands with a clamped head', () => {
    const guard = new PoseGuard(bounds, { speed: 8, hop: 12 }, 0);
    const pose = at(40);
    pose.right = { x: 40.5, y: 1.2, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 };
    const accepted = guard.accept(pose, 0).pose;
    expect(accepted.right!.x).toBeCloseTo(30.5);
  });
});
