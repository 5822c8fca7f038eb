import { describe, expect, it } from 'vitest';
import { createEars, earsAt } from './ears';

describe('earsAt', () => {
  it('faces −Z with +Y up for the identity, and turns with the head', () => {
    const ears = earsAt({ x: 1, y: 1.6, z: 2, qx: 0, qy: 0, qz: 0, qw: 1 }, createEars());
    expect(ears).toMatchObject({ x: 1, y: 1.6, z: 2, forwardX: -0, forwardY: -0, forwardZ: -1, upX: 0, upY: 1, upZ: 0 });
    // A quarter turn to the left (about +Y): forward becomes −X.
    const s = Math.SQRT1_2;
    const turned = earsAt({ x: 0, y: 0, z: 0, qx: 0, qy: s, qz: 0, qw: s }, createEars());
    expect(turned.forwardX).toBeCloseTo(-1);
    expect(turned.forwardZ).toBeCloseTo(0);
    expect(turned.upY).toBeCloseTo(1);
  });
});
