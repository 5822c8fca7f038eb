import { Canvas } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import { lazy, Suspense, useCallback, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Object3D, Scene, WebGLRenderer } from 'three';
import type { RoomName, WorldConnection } from '../net/world-connection';
import { xrStore } from '../xr-store';
import { Avatars } from './shared/avatars';
import { VoiceEars } from '../voice/voice-ears';
import { PlayerRig } from './shared/player-rig';
import type { Configuration } from './shared/variants';
import { qualityLevel, getQuality, subscribeQuality } from './quality/quality-store';
import { QUALITY_LEVELS, qualitySettings } from './quality/quality-levels';
import { zoneLoading } from './zone/zone-loading';
import type { VrMenuZone } from './xr/vr-menu';
import type { ZoneLayout } from './zone/zone-layout';
import { type ShownCar, ZoneScene, type ZoneSceneParts } from './zone/zone-scene';

// The VR menu loads with the first XR session, not before.
const VrMenu = lazy(() => import('./xr/vr-menu').then((m) => ({ default: m.VrMenu<RoomName> })));
// The quality monitor (with drei's PerformanceMonitor) in a chunk of its own.
const AdaptiveQuality = lazy(() => import('./quality/adaptive-quality').then((m) => ({ default: m.AdaptiveQuality })));

/** Props of {@link WorldCanvas}. */
export interface WorldCanvasProps {
  zone: RoomName;
  /** The zone's own parts of the scene (its light, exhibits, extras). */
  parts: ZoneSceneParts;
  /** Every zone's name, for the signs over the doorways. */
  labels: Readonly<Record<RoomName, string>>;
  /** The room of the zone, once joined. */
  connection?: WorldConnection;
  /** Called with the scene and its renderer once they exist, for the page's inspection handle. */
  onCreated?: (created: { scene: Scene; renderer: WebGLRenderer }) => void;
  /** Configurations by car id for the cars the zone shows (the garage's configurator). */
  configurations?: Readonly<Record<string, Configuration>>;
  /** The cars the zone shows instead of its manifest's (an owner's twins), when given. */
  cars?: readonly ShownCar[];
  /** What the zone's environment carries besides its cars (a launch's show), given its root once loaded. */
  staging?: (environment: Object3D) => ReactNode;
  /**
   * Where the local visitor stands instead of the zone's spawn (a guest the host brought onto
   * a launch's stage), on the floor; they go back to the spawn when it is taken away. Keep the
   * object stable: a new one moves the visitor again.
   */
  standAt?: { position: [number, number, number]; yaw: number };
  /** The zones the VR menu offers (none: no zone list in VR). */
  zones?: readonly VrMenuZone<RoomName>[];
  /** Travels to a zone from the VR menu: the same choice as the 2D zone buttons. */
  onZone?: (zone: RoomName) => void;
}

/**
 * The 3D world: the zone's scene, the other visitors, and the local player; XR-ready (the page
 * lays the zone's loading progress over it). The quality (pixel ratio,
 * shadows, the cars' level of detail) follows the frame rate, its level in `data-quality`.
 */
export function WorldCanvas({ zone, parts, labels, connection, onCreated, configurations, cars, staging, standAt, zones = [], onZone = () => {} }: WorldCanvasProps) {
  const [layout, setLayout] = useState<{ zone: RoomName; layout: ZoneLayout }>();
  // Stable per zone: the scene reports its layout from an effect that depends on this callback.
  const handleLayout = useCallback((next: ZoneLayout) => setLayout({ zone, layout: next }), [zone]);
  const inXR = useSyncExternalStore(xrStore.subscribe, () => xrStore.getState().session != null);
  const loading = useSyncExternalStore(zoneLoading.subscribe, () => zoneLoading.status);
  const quality = useSyncExternalStore(subscribeQuality, getQuality);
  // The starting level's; AdaptiveQuality changes the pixel ratio from there (multisampling stays as the context was made).
  const [{ dpr, antialias }] = useState(() => ({
    dpr: qualitySettings(qualityLevel(), { deviceDpr: window.devicePixelRatio, inXR: false }).dpr,
    antialias: QUALITY_LEVELS[qualityLevel()]!.antialias,
  }));
  return (
    <Canvas
      className="world-canvas"
      data-quality={quality.level}
      dpr={dpr}
      gl={{ antialias }}
      camera={{ fov: 60, near: 0.05, far: 150, position: [0, 1.6, 9] }}
      onCreated={({ scene, gl }) => onCreated?.({ scene, renderer: gl })}
    >
      <XR store={xrStore}>
        {/* Keys differ between siblings: a key shared with the rig once left the old zone's scene behind. */}
        <ZoneScene key={`scene:${zone}`} zone={zone} parts={parts} labels={labels} onLayout={handleLayout} configurations={configurations} cars={cars} staging={staging} />
        {connection && <Avatars connection={connection} />}
        {connection && <VoiceEars />}
        <Suspense fallback={null}>
          <AdaptiveQuality shown={loading?.phase === 'ready' && loading.zone === zone ? zone : undefined} />
        </Suspense>
        {layout?.zone === zone && (
          <PlayerRig
            key={`rig:${zone}`}
            connection={connection}
            start={standAt?.position ?? layout.layout.spawn}
            startYaw={standAt?.yaw ?? layout.layout.spawnYaw}
            bounds={layout.layout.bounds}
          >
            {inXR && (
              <Suspense fallback={null}>
                <VrMenu zones={zones} zone={zone} onZone={onZone} />
              </Suspense>
            )}
          </PlayerRig>
        )}
      </XR>
    </Canvas>
  );
}
