import type { Camera } from 'three';
import type { RoomName } from '../../net/world-connection';
import type { PortalAnchor, Pose } from './portal-layout';

/**
 * Where a trip through a doorway stands: `idle`; `leaving` (the view fading to black);
 * `waiting` (black while the destination loads and its room answers); `arriving` (fading back in).
 */
export type TravelPhase = 'idle' | 'leaving' | 'waiting' | 'arriving';

/** What the page shows of the trips (the end-to-end tests read it); the doorways' chunk runs them. */
export interface TravelState {
  readonly phase: TravelPhase;
  /** Trips taken through doorways. */
  readonly trips: number;
  /** The last trip asked for, from where to where. */
  readonly journey: { from: RoomName; to: RoomName } | undefined;
  /** The current zone's doorways, once its environment is in. */
  readonly portals: readonly PortalAnchor[];
  /** The visitor's eyes outside XR, once placed. */
  readonly camera: Camera | undefined;
}

/**
 * What the page's first load needs of the trips through doorways, in a few lines: the
 * doorways' own chunk (its `Travel`, loaded with the first zone's doorways) runs the trips
 * and fills the rest in. The app gives its way to change zone; the player's rig reads where to
 * arrive and says when it stands there, let into the room.
 */
export const trip = {
  /** The app's way to change zone. */
  go: undefined as ((zone: RoomName) => void) | undefined,
  /** Where the visitor arrives in the zone now loading, while a trip says so. */
  arrival: undefined as Pose | undefined,
  /** The rig stands in the new zone and its room let the visitor in. */
  settled: (): void => {},
  /** The visitor's eyes outside XR, once placed. */
  camera: undefined as Camera | undefined,
  /** The trips themselves, once their chunk is in (the end-to-end tests read them). */
  travel: undefined as TravelState | undefined,
};
