import type { Scene, WebGLRenderer } from 'three';
import type { ShowState } from '../../protocol/src/launch';
import type { RoomName, WorldConnection } from './net/world-connection';
import type { SignedInSession } from './wallet/session-store';
import type { VoiceClient } from './voice/voice-client';
import { analytics, type AnalyticsTracker } from './analytics/analytics';
import { trip, type TravelState } from './world/portals/trip';
import { getQuality, type QualitySnapshot } from './world/quality/quality-store';
import { touchControls, type TouchControls } from './world/shared/touch-controls';
import { zoneLoading, type ZoneReady } from './world/zone/zone-loading';
import { xrInspection, type XrInspection } from './world/xr/comfort-settings';

/** Read-only handle for the console and the end-to-end tests. */
declare global {
  interface Window {
    /** `zone` and the rest in the world; `scene` and `showcase` (the twin's id) on a showcase page. */
    marque?: {
      zone?: RoomName;
      connection?: WorldConnection;
      scene?: Scene;
      /** The world's renderer: `info` gives draw calls and triangles to the frame-budget tests and bench:client. */
      renderer?: WebGLRenderer;
      session?: SignedInSession;
      showcase?: string;
      /** At a launch event: the show state this page follows. */
      show?: ShowState;
      /** In the world: the VR layer (XR origin, frame count, comfort settings). */
      xr?: XrInspection;
      /** Whether the page shows the flat (2D) world instead of the canvas. */
      flat?: boolean;
      /** The touch controls (their `walked` distance). */
      touch?: TouchControls;
      /** Trips through doorways: the current zone's doorways, the trip under way, the visitor's eyes. */
      travel?: TravelState;
      /** The last zone shown, with its warm-up time (texture uploads and shader compiles before it appeared). */
      zoneReady?: ZoneReady;
      /** The world's quality level (it follows the frame rate), and its changes so far. */
      quality?: QualitySnapshot;
      /** The room's voice: its state (`getSnapshot()`) and what the visitor hears (`levels()`). */
      voice?: VoiceClient;
      /** The page's analytics: events sent, refused for want of consent, and waiting. */
      analytics?: Pick<AnalyticsTracker, 'sent' | 'refused' | 'pending'>;
    };
  }
}

/** What the world page shows of itself to {@link publishInspection}. */
export interface WorldInspection {
  zone: RoomName;
  connection?: WorldConnection;
  /** The 3D view, absent in flat mode. */
  view3d?: { scene: Scene; renderer: WebGLRenderer };
  session?: SignedInSession;
  show?: ShowState;
  flat: boolean;
  voice?: VoiceClient;
}

/** Puts the world page's state on `window.marque`; the trips, quality and zone warm-up are read live, when asked. */
export function publishInspection({ zone, connection, view3d, session, show, flat, voice }: WorldInspection): void {
  window.marque = {
    zone,
    connection,
    voice,
    scene: flat ? undefined : view3d?.scene,
    renderer: flat ? undefined : view3d?.renderer,
    session,
    show,
    flat,
    touch: touchControls,
    xr: xrInspection,
    analytics,
    get zoneReady() {
      return zoneLoading.ready;
    },
    get quality() {
      return getQuality();
    },
    get travel() {
      return trip.travel;
    },
  };
}
