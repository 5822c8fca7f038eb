import { describe, expect, it } from 'vitest';
import type { RoomName } from '../net/world-connection';
import { MAP_PLAN, mapPassages } from './world-map';

const ZONES: RoomName[] = ['museum', 'factory', 'launch', 'garage', 'lounge'];

describe('the world map', () => {
  it('draws each pair of doorways once: the museum to every zone, and each zone to its neighbours', () => {
    expect(mapPassages(ZONES)).toEqual([
      ['museum', 'factory'],
      ['museum', 'launch'],
      ['museum', 'garage'],
      ['museum', 'lounge'],
      ['factory', 'launch'],
      ['launch', 'garage'],
      ['garage', 'lounge'],
    ]);
  });

  it('places every zone on the plan, apart from the others', () => {
    for (const zone of ZONES) {
      expect(MAP_PLAN[zone].x).toBeGreaterThanOrEqual(15);
      expect(MAP_PLAN[zone].x).toBeLessThanOrEqual(85);
      for (const other of ZONES) if (other !== zone) expect(Math.hypot(MAP_PLAN[zone].x - MAP_PLAN[other].x, MAP_PLAN[zone].y - MAP_PLAN[other].y)).toBeGreaterThan(25);
    }
  });
});
