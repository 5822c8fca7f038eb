import type { RoomName } from '../../../protocol/src/messages';
import { DEFAULT_INTEREST } from './pose-fanout';
import { DEFAULT_MOVEMENT, type FloorPoint, type RoomBounds } from './pose-guard';
import type { RoomPolicy } from './world-room';

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

/**
 * How each zone's rooms behave. Capacities follow what the zone is for: the museum and
 * factory are walked through in groups, the arena holds an audience, the garage and
 * lounge are for a few people at a time. Each spawn is around its environment's `anchor_spawn`
 * and the doorways are its `anchor_portal_*` (assets/src/environments/*.ts), where the client
 * puts a visitor who arrives: the server starts every visitor's pose at the nearest of them,
 * and a first pose farther than a teleport hop from all of them is clamped.
 */
export const ROOM_POLICIES: Record<RoomName, RoomPolicy> = {
  // museum-hall.ts: spawn (0, halfLength − 2.5); doorways on the side walls, 2 m from the ends.
  museum: policy(50, around(0, 15.5, 1.5), [p(-9.94, 16), p(9.94, 16), p(-9.94, -16), p(9.94, -16)]),
  // factory-line.ts: spawn (−14, 8); doorways at the ends of the line.
  factory: policy(50, around(-14, 8, 1.5), [p(-24, 7), p(24, 7)]),
  // launch-venue.ts: spawn in the second tier's middle, (0, 6 + 2.2 + 1.6); doorways on the side walls.
  launch: policy(100, around(0, 9.8, 2), [p(-18, 10), p(-18, -8), p(18, 10)]),
  // owners-garage.ts: spawn (3.6, 4.2); doorways in the back wall and the east wall.
  garage: policy(12, around(3.6, 4.2, 0.5), [p(-4.5, -5.38), p(4.5, -5.38), p(7, 3.3)]),
  // dealer-lounge.ts: spawn (−8, 6.5); doorways in the west and north walls.
  lounge: policy(24, around(-8, 6.5, 1), [p(-12, -4), p(-1.5, 8)]),
};

function p(x: number, z: number): FloorPoint {
  return { x, z };
}

function policy(capacity: number, spawn: () => FloorPoint, doorways: readonly FloorPoint[]): RoomPolicy {
  return { capacity, interest: DEFAULT_INTEREST, bounds: ZONE_BOUNDS, movement: DEFAULT_MOVEMENT, spawn, doorways, reconnectSeconds: 20 };
}
