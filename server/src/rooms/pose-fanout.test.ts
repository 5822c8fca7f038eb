import { describe, expect, it } from 'vitest';
import { decodePoses, MAX_RECORD_BYTES, POSES_HEADER_BYTES, type AvatarPose } from '../../../protocol/src/pose-codec';
import { DEFAULT_INTEREST, PoseFanout } from './pose-fanout';

const at = (x: number, z = 0): AvatarPose => ({ head: { x, y: 1.6, z, qx: 0, qy: 0, qz: 0, qw: 1 } });

/** Runs one tick and returns, per receiver, the slots it heard about. */
function tick(fanout: PoseFanout): Map<string, number[]> {
  const heard = new Map<string, number[]>();
  fanout.tick((id, message) => heard.set(id, decodePoses(message).poses.map((p) => p.slot)));
  return heard;
}

describe('PoseFanout', () => {
  it('sends each receiver the others\' changed poses once, never its own', () => {
    const fanout = new PoseFanout(DEFAULT_INTEREST);
    fanout.add('a', 1, at(0));
    fanout.add('b', 2, at(1));
    fanout.add('c', 3, at(2));
    expect(tick(fanout)).toEqual(new Map([['a', [2, 3]], ['b', [1, 3]], ['c', [1, 2]]]));
    // Nothing changed: nobody hears anything.
    expect(tick(fanout).size).toBe(0);
    fanout.update('b', at(1.5));
    expect(tick(fanout)).toEqual(new Map([['a', [2]], ['c', [2]]]));
  });

  it('keeps the bookkeeping right when avatars leave and join', () => {
    const fanout = new PoseFanout(null, 2);
    for (let i = 1; i <= 5; i++) fanout.add(`v${i}`, i, at(i));
    tick(fanout);
    fanout.remove('v2');
    fanout.update('v5', at(9));
    expect(tick(fanout).get('v1')).toEqual([5]);
    fanout.add('v6', 6, at(3));
    const heard = tick(fanout);
    expect(heard.get('v1')).toEqual([6]);
    expect(heard.get('v6')!.sort()).toEqual([1, 3, 4, 5]);
  });

  it('bounds a receiver\'s downlink however many avatars move, and still reaches everyone in turn', () => {
    const fanout = new PoseFanout(DEFAULT_INTEREST);
    const n = 300;
    for (let i = 0; i < n; i++) fanout.add(`v${i}`, i + 1, at((i % 20) * 3, Math.floor(i / 20) * 3));
    let largest = 0;
    const heardByFirst = new Set<number>();
    for (let t = 0; t < 60; t++) {
      for (let i = 0; i < n; i++) fanout.update(`v${i}`, at((i % 20) * 3 + t * 0.01, Math.floor(i / 20) * 3));
      fanout.tick((id, message) => {
        largest = Math.max(largest, message.byteLength);
        if (id === 'v0') for (const p of decodePoses(message).poses) heardByFirst.add(p.slot);
      });
    }
    const { maxNear, farPerTick } = DEFAULT_INTEREST;
    expect(largest).toBeLessThanOrEqual(POSES_HEADER_BYTES + (maxNear + farPerTick) * MAX_RECORD_BYTES);
    // Within 60 ticks (3 s) the far avatars have all come round at least once.
    expect(heardByFirst.size).toBe(n - 1);
  });

  it('prefers the nearest avatars when more than maxNear are close', () => {
    const fanout = new PoseFanout({ nearRadius: 50, maxNear: 3, farPerTick: 0 });
    fanout.add('me', 1, at(0));
    for (let i = 1; i <= 10; i++) fanout.add(`v${i}`, i + 1, at(i));
    expect(tick(fanout).get('me')).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(tick(fanout).get('me')).toBeUndefined();
  });

  it('without interest management, sends every changed pose to everyone', () => {
    const fanout = new PoseFanout(null);
    for (let i = 0; i < 50; i++) fanout.add(`v${i}`, i + 1, at(i * 10));
    expect(tick(fanout).get('v0')).toHaveLength(49);
  });
});
