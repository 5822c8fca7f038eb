import type { AccessRule } from '../../../protocol/src/access-rules';
import type { RoomName } from '../../../protocol/src/messages';
import { DEFAULT_INTEREST } from './pose-fanout';
import { DEFAULT_MOVEMENT, type FloorPoint, type RoomBounds } from './pose-guard';
import type { RoomPolicy } from './room-policy';

/** Every zone's floor fits in this box (metres); heads are kept between the floor and 3 m. */
const ZONE_BOUNDS: RoomBounds = { minX: -30, maxX: 30, minY: 0, maxY: 3, minZ: -30, maxZ: 30 };

/** A ring around (x, z), so newcomers do not stand inside each other before their first pose. */
function around(x: number, z: number, radius: number) {
  return () => {
    const angle = Math.random() * Math.PI * 2;
    const r = radius * Math.sqrt(Math.random());
    return { x: x + Math.cos(angle) * r, z: z + Math.sin(angle) * r };
  };
}

/** One zone's room: who may enter and on what terms. */
export interface ZonePolicy extends RoomPolicy {
  /** What the zone is called in refusals: "the {title} is for visitors with …". */
  title: string;
  /**
   * Who may enter: decided on the server in the room's `onAuth` (for joins by room id too)
   * before any seat exists; where it reads the chain, members who lose what it asks for are
   * moved out (access/access-control.ts).
   */
  access: AccessRule;
}

/**
 * Each zone's room, in one place: who may enter, and on what terms. Capacities follow what the
 * zone is for: the museum and factory are walked through in groups, the launch venue holds an
 * audience, the garage and lounge are for a few people at a time. Each spawn is around its
 * environment's `anchor_spawn` and the doorways are its `anchor_portal_*`
 * (assets/src/environments/*.ts), where the client puts a visitor who arrives: the server starts
 * every visitor's pose at the nearest of them, and a first pose farther than a teleport hop from
 * all of them is clamped. A launch event's own room (launch-room.ts) takes the launch zone's
 * terms with the event's capacity, and the event's rule instead of the zone's.
 */
export const ROOM_POLICIES: Record<RoomName, ZonePolicy> = {
  // museum-hall.ts: spawn (0, halfLength − 2.5); doorways on the side walls, 2 m from the ends.
  museum: {
    title: 'museum',
    access: { public: true },
    ...terms(50, around(0, 15.5, 1.5), [p(-9.94, 16), p(9.94, 16), p(-9.94, -16), p(9.94, -16)]),
  },
  // factory-line.ts: spawn (−14, 8); doorways at the ends of the line.
  factory: { title: 'factory line', access: { public: true }, ...terms(50, around(-14, 8, 1.5), [p(-24, 7), p(24, 7)]) },
  // launch-venue.ts: spawn in the second tier's middle, (0, 6 + 2.2 + 1.6); doorways on the side walls.
  launch: { title: 'launch arena', access: { public: true }, ...terms(100, around(0, 9.8, 2), [p(-18, 10), p(-18, -8), p(18, 10)]) },
  // owners-garage.ts: spawn (3.6, 4.2); doorways in the back wall and the east wall. Owners of a twin only.
  garage: {
    title: "owners' garage",
    access: { holdsToken: { contract: 'twin' } },
    ...terms(12, around(3.6, 4.2, 0.5), [p(-4.5, -5.38), p(4.5, -5.38), p(7, 3.3)]),
  },
  // dealer-lounge.ts: spawn (−8, 6.5); doorways in the west and north walls. Owners with a
  // profile, dealers, the brand team, and guests invited to the lounge.
  lounge: {
    title: 'service lounge',
    access: { anyOf: [{ hasProfile: true }, { role: 'dealer' }, { role: 'brand-team' }, { invite: { scope: 'lounge' } }] },
    ...terms(24, around(-8, 6.5, 1), [p(-12, -4), p(-1.5, 8)]),
  },
};

function p(x: number, z: number): FloorPoint {
  return { x, z };
}

function terms(capacity: number, spawn: () => FloorPoint, doorways: readonly FloorPoint[]): RoomPolicy {
  return { capacity, interest: DEFAULT_INTEREST, bounds: ZONE_BOUNDS, movement: DEFAULT_MOVEMENT, spawn, doorways, reconnectSeconds: 20 };
}
