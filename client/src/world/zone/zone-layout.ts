import type { WalkBounds } from '../shared/desktop-controls';

/** Where a visitor starts in a zone and where they may walk. */
export interface ZoneLayout {
  /** On the floor: `y` is the floor's height there (a tier of the launch's audience stands above the ground). */
  spawn: [number, number, number];
  /** Direction the visitor faces at the start, radians about +Y (0 looks down −Z). */
  spawnYaw: number;
  bounds: WalkBounds;
}
