import { describe, expect, it } from 'vitest';
import { ZONE_IDS } from '../../../protocol/src/zones';
import { zoneNamed } from './zone-link';

describe('zoneNamed', () => {
  it('opens every zone by its id', () => {
    for (const zone of ZONE_IDS) expect(zoneNamed(zone)).toBe(zone);
  });

  it('still opens the launch zone from links that called it the arena', () => {
    expect(zoneNamed('arena')).toBe('launch');
  });

  it('names no zone for anything else, inherited object keys included', () => {
    for (const name of [null, undefined, '', 'service', 'Museum', 'toString', 'constructor', '__proto__']) expect(zoneNamed(name)).toBeUndefined();
  });
});
