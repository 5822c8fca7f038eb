import type { Document, Node } from '@gltf-transform/core';
import { getBounds } from '@gltf-transform/functions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_LINKS, ZONE_IDS, type ZoneId } from '../../../protocol/src/zones';
import { WORLD_ASSETS } from '../world';
import { DOORWAY } from './kit';

const environments = WORLD_ASSETS.filter((a) => a.kind === 'environment');
const built = new Map<ZoneId, Document>();
beforeAll(async () => {
  for (const env of environments) built.set(env.zone, await env.build());
});

const named = (doc: Document, name: string): Node | undefined => doc.getRoot().listNodes().find((n) => n.getName() === name);

describe.each(ZONE_IDS)('the %s environment', (zone) => {
  it('has exactly the doorways PORTAL_LINKS lists, marked for the client', () => {
    const doc = built.get(zone)!;
    const portals = doc.getRoot().listNodes().filter((n) => (n.getExtras() as { marque?: { anchor?: string } }).marque?.anchor === 'portal');
    expect(portals.map((n) => n.getName()).sort()).toEqual(PORTAL_LINKS[zone].map((to) => `anchor_portal_${to}`).sort());
    for (const to of PORTAL_LINKS[zone]) {
      const anchor = named(doc, `anchor_portal_${to}`)!;
      expect(anchor.getMesh()).toBeNull();
      expect(anchor.getExtras()).toEqual({ marque: { anchor: 'portal', to, width: DOORWAY.width, height: DOORWAY.height } });
    }
  });

  it('stands each doorway on a wall, looking into the room, with room to arrive in front of it', () => {
    const doc = built.get(zone)!;
    const { min, max } = getBounds(doc.getRoot().listScenes()[0]!);
    const cars = doc
      .getRoot()
      .listNodes()
      .filter((n) => (n.getExtras() as { marque?: { anchor?: string } }).marque?.anchor === 'car')
      .map((n) => n.getWorldMatrix())
      .map((m) => [m[12], m[14]] as const);
    for (const to of PORTAL_LINKS[zone]) {
      const m = named(doc, `anchor_portal_${to}`)!.getWorldMatrix();
      const [x, z] = [m[12], m[14]];
      // Anchors look along their +Z: the third column of the world matrix.
      const [fx, fz] = [m[8], m[10]];
      // Against a wall: a step behind it is outside the walkable area (a metre inside the bounds).
      const behind = [x - fx * 0.5, z - fz * 0.5];
      expect(behind[0] < min[0] + 1 || behind[0] > max[0] - 1 || behind[1] < min[2] + 1 || behind[1] > max[2] - 1, `${zone} → ${to} is on a wall`).toBe(true);
      // 2.5 m in front (where a visitor arrives from there) is walkable and clear of the cars.
      const [ax, az] = [x + fx * 2.5, z + fz * 2.5];
      expect(ax).toBeGreaterThan(min[0] + 1);
      expect(ax).toBeLessThan(max[0] - 1);
      expect(az).toBeGreaterThan(min[2] + 1);
      expect(az).toBeLessThan(max[2] - 1);
      for (const [cx, cz] of cars) expect(Math.hypot(cx - ax, cz - az), `${zone} → ${to} arrival clear of the car at ${cx}, ${cz}`).toBeGreaterThan(3);
    }
  });
});
