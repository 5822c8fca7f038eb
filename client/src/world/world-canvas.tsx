import { Canvas } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import { useCallback, useState } from 'react';
import type { Scene } from 'three';
import type { RoomName, WorldConnection } from '../net/world-connection';
import { xrStore } from '../xr-store';
import { Avatars } from './shared/avatars';
import { PlayerRig } from './shared/player-rig';
import type { Configuration } from './shared/variants';
import { type ShownCar, type ZoneLayout, ZoneScene } from './zone/zone-scene';

/** Props of {@link WorldCanvas}. */
export interface WorldCanvasProps {
  zone: RoomName;
  /** The room of the zone, once joined. */
  connection?: WorldConnection;
  /** Called with the scene once it exists, for the page's inspection handle. */
  onScene?: (scene: Scene) => void;
  /** Configurations by car id for the cars the zone shows (the garage's configurator). */
  configurations?: Readonly<Record<string, Configuration>>;
  /** The cars the zone shows instead of its manifest's (an owner's twins), when given. */
  cars?: readonly ShownCar[];
}

/** The 3D world: the zone's scene, the other visitors, and the local player; XR-ready. */
export function WorldCanvas({ zone, connection, onScene, configurations, cars }: WorldCanvasProps) {
  const [layout, setLayout] = useState<{ zone: RoomName; layout: ZoneLayout }>();
  // Stable per zone: the scene reports its layout from an effect that depends on this callback.
  const handleLayout = useCallback((next: ZoneLayout) => setLayout({ zone, layout: next }), [zone]);
  return (
    <Canvas
      className="world-canvas"
      dpr={[1, 2]}
      camera={{ fov: 60, near: 0.05, far: 150, position: [0, 1.6, 9] }}
      onCreated={({ scene }) => onScene?.(scene)}
    >
      <XR store={xrStore}>
        {/* Keys differ between siblings: a key shared with the rig once left the old zone's scene behind. */}
        <ZoneScene key={`scene:${zone}`} zone={zone} onLayout={handleLayout} configurations={configurations} cars={cars} />
        {connection && <Avatars connection={connection} />}
        {layout?.zone === zone && (
          <PlayerRig key={`rig:${zone}`} connection={connection} start={layout.layout.spawn} startYaw={layout.layout.spawnYaw} bounds={layout.layout.bounds} />
        )}
      </XR>
    </Canvas>
  );
}
