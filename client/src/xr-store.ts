import { createXRStore } from '@react-three/xr';
import { comfortableFrameRate } from './world/xr/frame-rate';

/** Controller and hand models are served by this site, never fetched from a CDN. */
export const XR_PROFILES_PATH = '/xr-profiles/';

/**
 * The one XR store of the app. No built-in emulator: a real headset or a
 * browser with WebXR gets "Enter VR"; tests install IWER themselves (`?xrtest`).
 * Frame rate: 72 Hz, or 90 Hz where 72 isn't offered ({@link comfortableFrameRate}), never the
 * headset's highest, which the library would ask for: 120 Hz on a Quest 3 leaves 8.3 ms a frame,
 * which a showroom of glossy cars cannot hold, and missed frames judder (worse for comfort than a
 * steady lower rate); 72 Hz leaves 13.9 ms. Fixed foveation at 0.5 renders the periphery
 * at a lower resolution (most of the fill-rate saving, while the VR menu stays legible when
 * glanced at). Locomotion is the app's own (world/xr), not the library's.
 */
export const xrStore = createXRStore({
  emulate: false,
  frameRate: comfortableFrameRate,
  foveation: 0.5,
  baseAssetPath: new URL(XR_PROFILES_PATH, location.origin).href,
});
