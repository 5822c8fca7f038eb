import { Canvas } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import type { Scene } from 'three';
import type { RoomName, WorldConnection } from '../net/world-connection';
import { xrStore } from '../xr-store';
import { GarageScene, GARAGE_BOUNDS } from './garage/garage-scene';
import { MUSEUM_BOUNDS } from './museum/museum-hall';
import { MuseumScene } from './museum/museum-scene';
import { Avatars } from './shared/avatars';
import { PlayerRig } from './shared/player-rig';

/** Props of {@link WorldCanvas}. */
export interface WorldCanvasProps {
  zone: RoomName;
  /** The room of the zone, once joined. */
  connection?: WorldConnection;
  /** Called with the scene once it exists, for the page's inspection handle. */
  onScene?: (scene: Scene) => void;
}

const ZONE_START: Record<RoomName, [number, number, number]> = {
  museum: [0, 0, 9],
  garage: [0, 0, 5],
};

/** The 3D world: the zone's scene, the other visitors, and the local player; XR-ready. */
export function WorldCanvas({ zone, connection, onScene }: WorldCanvasProps) {
  return (
    <Canvas
      className="world-canvas"
      dpr={[1, 2]}
      camera={{ fov: 60, near: 0.05, far: 120, position: [0, 1.6, 9] }}
      onCreated={({ scene }) => onScene?.(scene)}
    >
      <XR store={xrStore}>
        {zone === 'museum' ? <MuseumScene /> : <GarageScene />}
        {connection && <Avatars connection={connection} />}
        <PlayerRig
          key={zone}
          connection={connection}
          start={ZONE_START[zone]}
          bounds={zone === 'museum' ? MUSEUM_BOUNDS : GARAGE_BOUNDS}
        />
      </XR>
    </Canvas>
  );
}
