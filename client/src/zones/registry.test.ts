import { describe, expect, it } from 'vitest';
import { ZONE_IDS } from '../../../protocol/src/zones';
import { ENTRANCE_ZONE, EVENT_ZONE, MAP_PLAN, zoneLabels, zoneSummary, ZONES } from './registry';

describe('the zone registry', () => {
  it('has one definition per zone, under its own id, in the world order', () => {
    expect(Object.keys(ZONES)).toEqual([...ZONE_IDS]);
    for (const id of ZONE_IDS) expect(ZONES[id].id).toBe(id);
  });

  it('names every zone once, in the world order the keys 1–5 follow', () => {
    expect(Object.keys(zoneLabels())).toEqual([...ZONE_IDS]);
    expect(new Set(Object.values(zoneLabels())).size).toBe(ZONE_IDS.length);
    for (const id of ZONE_IDS) expect(zoneSummary(id).length).toBeGreaterThan(20);
  });

  it('places every zone on the map, apart from the others', () => {
    for (const zone of ZONE_IDS) {
      expect(MAP_PLAN[zone].x).toBeGreaterThanOrEqual(15);
      expect(MAP_PLAN[zone].x).toBeLessThanOrEqual(85);
      for (const other of ZONE_IDS) if (other !== zone) expect(Math.hypot(MAP_PLAN[zone].x - MAP_PLAN[other].x, MAP_PLAN[zone].y - MAP_PLAN[other].y)).toBeGreaterThan(25);
    }
  });

  it('lights every zone', () => {
    for (const id of ZONE_IDS) expect(ZONES[id].scene.look.background).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('opens the museum without a link, and the launch zone for an event link', () => {
    expect(ENTRANCE_ZONE).toBe('museum');
    expect(EVENT_ZONE).toBe('launch');
    expect(ZONE_IDS.filter((id) => ZONES[id].launches)).toEqual(['launch']);
  });

  it("shows the owner's twins in the factory, the garage and the lounge", () => {
    expect(ZONE_IDS.filter((id) => ZONES[id].owner)).toEqual(['factory', 'garage', 'lounge']);
  });
});
