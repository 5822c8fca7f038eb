import { describe, expect, it } from 'vitest';
import { PORTAL_LINKS, ZONE_IDS } from './zones';

describe('PORTAL_LINKS', () => {
  it('opens the museum onto every zone', () => {
    expect([...PORTAL_LINKS.museum].sort()).toEqual(ZONE_IDS.filter((z) => z !== 'museum').sort());
  });

  it('links every zone to the museum and to its neighbours in the world order, never to itself', () => {
    const ring = ZONE_IDS.slice(1);
    ring.forEach((zone, i) => {
      expect(PORTAL_LINKS[zone]).toContain('museum');
      if (i > 0) expect(PORTAL_LINKS[zone]).toContain(ring[i - 1]);
      if (i < ring.length - 1) expect(PORTAL_LINKS[zone]).toContain(ring[i + 1]);
      expect(PORTAL_LINKS[zone]).not.toContain(zone);
    });
  });

  it('has a way back through every doorway', () => {
    for (const zone of ZONE_IDS) for (const to of PORTAL_LINKS[zone]) expect(PORTAL_LINKS[to], `${to} → ${zone}`).toContain(zone);
  });
});
