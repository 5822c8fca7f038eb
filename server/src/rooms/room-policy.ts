import type { InterestPolicy } from './pose-fanout';
import type { FloorPoint, MovementLimits, RoomBounds } from './pose-guard';

/** How one kind of room behaves; see rooms/policies.ts for each zone's. */
export interface RoomPolicy {
  /** Most visitors one instance seats; matchmaking opens another instance when it is full. */
  capacity: number;
  /** Interest management, or null to send every pose to everyone (the benchmark's reference). */
  interest: InterestPolicy | null;
  bounds: RoomBounds;
  movement: MovementLimits;
  /** Where a newcomer appears (head height is added). */
  spawn: () => FloorPoint;
  /**
   * The zone's doorways, where a trip from another zone arrives (in front of the doorway back):
   * besides the spawn, the only places a visitor's first pose may be (a teleport hop from one).
   */
  doorways?: readonly FloorPoint[];
  /** How long a dropped visitor's seat is held for them, in seconds. */
  reconnectSeconds: number;
}
