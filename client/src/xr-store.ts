import { createXRStore } from '@react-three/xr';

/** Controller and hand models are served by this site, never fetched from a CDN. */
export const XR_PROFILES_PATH = '/xr-profiles/';

/**
 * The one XR store of the app. No built-in emulator: a real headset or a
 * browser with WebXR gets "Enter VR"; tests install IWER themselves (`?xrtest`).
 * 72 Hz keeps a Quest-class headset within its frame budget (13.9 ms).
 */
export const xrStore = createXRStore({
  emulate: false,
  frameRate: (rates) => (Array.from(rates).includes(72) ? 72 : false),
  baseAssetPath: new URL(XR_PROFILES_PATH, location.origin).href,
});
