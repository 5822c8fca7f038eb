import type { Camera } from 'three';
import type { RoomName } from '../../net/world-connection';
import type { Pose } from './portal-layout';
import type { Travel } from './travel';

/**
 * What the page's first load needs of the trips through doorways, in a few lines: the
 * doorways' own chunk ({@link Travel}, loaded with the first zone's doorways) runs the trips
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
  travel: undefined as Travel | undefined,
};
