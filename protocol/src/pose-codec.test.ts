import { describe, expect, it } from 'vitest';
import {
  decodePose,
  decodePoses,
  encodePose,
  MAX_HAND_REACH,
  packQuaternion,
  PoseFormatError,
  unpackQuaternion,
  type AvatarPose,
} from './pose-codec';

const turned = (angle: number) => ({ qx: 0, qy: Math.sin(angle / 2), qz: 0, qw: Math.cos(angle / 2) });

describe('pose codec', () => {
  it('round-trips a head to the millimetre and a rotation to about a tenth of a degree', () => {
    const pose: AvatarPose = { head: { x: 12.3456, y: 1.62, z: -29.999, ...turned(2.5) } };
    const bytes = encodePose(pose);
    expect(bytes.byteLength).toBe(11);
    const back = decodePose(bytes);
    expect(back.head.x).toBeCloseTo(12.346, 3);
    expect(back.head.z).toBeCloseTo(-29.999, 3);
    expect(back.head.qy).toBeCloseTo(Math.sin(1.25), 2);
    expect(back.head.qw).toBeCloseTo(Math.cos(1.25), 2);
    expect(back.left).toBeUndefined();
  });

  it("carries both hands relative to the head, within arm's reach", () => {
    const pose: AvatarPose = {
      head: { x: 1, y: 1.6, z: 1, qx: 0, qy: 0, qz: 0, qw: 1 },
      left: { x: 0.8, y: 1.3, z: 0.7, ...turned(-0.3) },
      right: { x: 1, y: 1.6, z: 50, qx: 0, qy: 0, qz: 0, qw: 1 },
    };
    const bytes = encodePose(pose);
    expect(bytes.byteLength).toBe(31);
    const back = decodePose(bytes);
    expect(back.left!.x).toBeCloseTo(0.8, 3);
    expect(back.left!.qy).toBeCloseTo(Math.sin(-0.15), 2);
    expect(back.right!.z - back.head.z).toBeCloseTo(MAX_HAND_REACH, 3);
  });

  it('keeps every rotation a unit quaternion, whatever it is given', () => {
    for (const q of [
      [0, 0, 0, 1],
      [0.5, 0.5, 0.5, 0.5],
      [-0.3, 0.8, 0.1, -0.5],
      [0, 0, 0, 0],
      [Number.NaN, 1, 0, 0],
      [1e9, 0, 0, 0],
    ] as const) {
      const back = unpackQuaternion(packQuaternion(q[0], q[1], q[2], q[3]));
      expect(Math.hypot(back.qx, back.qy, back.qz, back.qw)).toBeCloseTo(1, 6);
    }
  });

  it('clamps coordinates beyond ±32.767 m and non-finite ones instead of wrapping', () => {
    const back = decodePose(encodePose({ head: { x: 1e6, y: Number.NaN, z: -1e6, qx: 0, qy: 0, qz: 0, qw: 1 } }));
    expect(back.head).toMatchObject({ x: 32.767, y: 0, z: -32.767 });
  });

  it('refuses records whose length does not match their flags, and unknown flags', () => {
    const bytes = encodePose({ head: { x: 0, y: 0, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 } });
    expect(() => decodePose(new Uint8Array())).toThrow(PoseFormatError);
    expect(() => decodePose(bytes.subarray(0, 10))).toThrow(/10 bytes, but its flags announce 11/);
    const flagged = bytes.slice();
    flagged[0] = 0b1000;
    expect(() => decodePose(flagged)).toThrow(/unknown flags/);
    flagged[0] = 0b01;
    expect(() => decodePose(flagged)).toThrow(/announce 21/);
  });

  it('decodes a downlink message of several slots', () => {
    const a = encodePose({ head: { x: 1, y: 1.6, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 } });
    const b = encodePose({
      head: { x: 2, y: 1.6, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 },
      right: { x: 2.3, y: 1.2, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 },
    });
    const message = new Uint8Array(6 + 2 + a.length + 2 + b.length);
    const view = new DataView(message.buffer);
    view.setUint32(0, 123456, true);
    view.setUint16(4, 2, true);
    view.setUint16(6, 7, true);
    message.set(a, 8);
    view.setUint16(8 + a.length, 9, true);
    message.set(b, 10 + a.length);
    const { serverTime, poses } = decodePoses(message);
    expect(serverTime).toBe(123456);
    expect(poses.map((p) => [p.slot, p.pose.head.x, p.pose.right?.x])).toEqual([
      [7, 1, undefined],
      [9, 2, 2.3],
    ]);
  });
});
