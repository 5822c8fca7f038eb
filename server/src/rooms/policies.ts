import type { RoomName } from '../protocol/messages';
import { DEFAULT_INTEREST } from './pose-fanout';
import { DEFAULT_MOVEMENT, type RoomBounds } from './pose-guard';
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
 * (assets/src/environments/*.ts), where the client puts the visitor: the server starts every
 * visitor's pose there, and a first pose farther than a teleport hop from it is clamped.
 */
export const ROOM_POLICIES: Record<RoomName, RoomPolicy> = {
  // museum-hall.ts: (0, halfLength − 2.5).
  museum: policy(50, around(0, 15.5, 1.5)),
  // factory-line.ts: (−14, 8).
  factory: policy(50, around(-14, 8, 1.5)),
  // launch-arena.ts: the second tier's middle, (0, 6 + 2.2 + 1.6).
  arena: policy(100, around(0, 9.8, 2)),
  // owners-garage.ts: (3.6, 4.2).
  garage: policy(12, around(3.6, 4.2, 0.5)),
  // service-lounge.ts: (−8, 6.5).
  lounge: policy(24, around(-8, 6.5, 1)),
};

function policy(capacity: number, spawn: () => { x: number; z: number }): RoomPolicy {
  return { capacity, interest: DEFAULT_INTEREST, bounds: ZONE_BOUNDS, movement: DEFAULT_MOVEMENT, spawn, reconnectSeconds: 20 };
}
