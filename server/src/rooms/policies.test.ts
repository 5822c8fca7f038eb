import { describe, expect, it } from 'vitest';
import { WORLD_ASSETS } from '../../../assets/src/world';
import { accessRule } from '../../../protocol/src/access-rules';
import type { RoomName } from '../../../protocol/src/messages';
import { ROOM_POLICIES } from './policies';

/**
 * The rooms start every visitor's pose at their zone's spawn or one of its doorways (a first pose
 * farther is clamped): those must be where the zone's environment puts them, or a visitor
 * arriving there would be shown elsewhere until they caught up.
 */
describe('room policies', () => {
  it("spawn visitors around their environment's anchor_spawn and know its doorways", async () => {
    for (const asset of WORLD_ASSETS.filter((a) => a.kind === 'environment')) {
      const policy = ROOM_POLICIES[asset.zone as RoomName];
      const anchors = (await asset.build()).getRoot().listNodes();
      const at = (name: string) => {
        const [x, , z] = anchors.find((n) => n.getName() === name)!.getWorldTranslation();
        return { x, z };
      };
      const spawn = at('anchor_spawn');
      for (let i = 0; i < 50; i++) {
        const placed = policy.spawn();
        expect(Math.hypot(placed.x - spawn.x, placed.z - spawn.z), `${asset.zone} spawn`).toBeLessThanOrEqual(2);
      }
      const doorways = anchors.filter((n) => n.getName().startsWith('anchor_portal_')).map((n) => at(n.getName()));
      expect(policy.doorways, `${asset.zone} doorways`).toHaveLength(doorways.length);
      for (const doorway of doorways) {
        expect(policy.doorways!.some((d) => Math.hypot(d.x - doorway.x, d.z - doorway.z) < 0.05), `${asset.zone} doorway at ${doorway.x}, ${doorway.z}`).toBe(true);
      }
    }
  });

  it('give every zone a title and an access rule the rules schema accepts (as an event\'s rule must)', () => {
    for (const [zone, policy] of Object.entries(ROOM_POLICIES)) {
      expect(policy.title, zone).not.toBe('');
      expect(accessRule.safeParse(policy.access).error, zone).toBeUndefined();
    }
  });
});
