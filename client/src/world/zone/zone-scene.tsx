import { createPortal } from '@react-three/fiber';
import { Suspense, use, useEffect, useMemo, type ComponentProps } from 'react';
import { Box3, Euler, Quaternion, type Object3D } from 'three';
import type { WalkBounds } from '../shared/desktop-controls';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { listCars, loadManifest, type ManifestEntry, zoneAssets, type ZoneId } from '../shared/manifest';
import { Placard } from '../shared/placard';
import { useAsset } from '../shared/use-asset';
import { ZoneLighting } from './zone-lighting';

/** Where a visitor starts in a zone and where they may walk. */
export interface ZoneLayout {
  spawn: [number, number, number];
  /** Direction the visitor faces at the start, radians about +Y (0 looks down −Z). */
  spawnYaw: number;
  bounds: WalkBounds;
}

/** Props of {@link ZoneScene}. */
export type ZoneSceneProps = ComponentProps<'group'> & {
  zone: ZoneId;
  /** Called once the zone's environment is loaded, with its spawn point and walkable area. */
  onLayout?: (layout: ZoneLayout) => void;
};

/**
 * One zone of the world as the pipeline published it: the zone's environment glb, and a car
 * on each of its `anchor_car_*` nodes (the museum's line-up in order; elsewhere the current
 * model). Cars are attached to their anchors, so a turntable carries its car.
 */
export function ZoneScene({ zone, onLayout, ...props }: ZoneSceneProps) {
  return (
    <group {...props}>
      <ZoneLighting zone={zone} />
      <AssetBoundary>
        <Suspense fallback={null}>
          <ZoneContent zone={zone} onLayout={onLayout} />
        </Suspense>
      </AssetBoundary>
    </group>
  );
}

function ZoneContent({ zone, onLayout }: { zone: ZoneId; onLayout?: (layout: ZoneLayout) => void }) {
  const manifest = use(loadManifest());
  const assets = zoneAssets(manifest, zone);
  const environment = assets.find((asset) => asset.kind === 'environment');
  if (!environment) throw new Error(`assets: the manifest has no environment for the ${zone}; run \`npm run assets\``);
  const cars = zone === 'museum' ? assets.filter((asset) => asset.kind === 'car') : listCars(manifest).slice(-1);
  return <Environment entry={environment} cars={cars} zone={zone} onLayout={onLayout} />;
}

function Environment({ entry, cars, zone, onLayout }: { entry: ManifestEntry; cars: ManifestEntry[]; zone: ZoneId; onLayout?: (layout: ZoneLayout) => void }) {
  const gltf = useAsset(entry);
  const { anchors, layout } = useMemo(() => readAnchors(gltf.scene), [gltf.scene]);
  useEffect(() => onLayout?.(layout), [layout, onLayout]);
  return (
    <>
      <primitive object={gltf.scene} />
      {anchors.slice(0, cars.length).map((anchor, i) => (
        <AnchoredCar key={anchor.uuid} anchor={anchor} car={cars[i]!} placard={zone === 'museum'} />
      ))}
    </>
  );
}

/** A car attached to its anchor in the environment's graph, with its glance label in the museum. */
function AnchoredCar({ anchor, car, placard }: { anchor: Object3D; car: ManifestEntry; placard: boolean }) {
  return createPortal(
    <>
      <CarModel entry={car} />
      {placard && <Placard title={car.name} subtitle={String(car.year ?? '')} width={0.7} position={[1.7, 1.1, 2.6]} rotation-y={-0.5} />}
    </>,
    anchor,
  );
}

/** The zone's car anchors in order, its spawn point and walkable area (a metre inside its floor's bounds). */
function readAnchors(scene: Object3D): { anchors: Object3D[]; layout: ZoneLayout } {
  scene.updateMatrixWorld(true);
  const anchors: Object3D[] = [];
  let spawn: Object3D | undefined;
  scene.traverse((object) => {
    const anchor = (object.userData.marque as { anchor?: string } | undefined)?.anchor;
    if (anchor === 'car') anchors.push(object);
    if (anchor === 'spawn') spawn = object;
  });
  anchors.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const box = new Box3().setFromObject(scene);
  const position = spawn ? spawn.getWorldPosition(spawn.position.clone()) : box.getCenter(box.min.clone());
  // Anchors face along their +Z; a camera with yaw 0 looks down −Z.
  const yaw = spawn ? new Euler().setFromQuaternion(spawn.getWorldQuaternion(new Quaternion()), 'YXZ').y + Math.PI : 0;
  return {
    anchors,
    layout: {
      spawn: [position.x, 0, position.z],
      spawnYaw: yaw,
      bounds: { minX: box.min.x + 1, maxX: box.max.x - 1, minZ: box.min.z + 1, maxZ: box.max.z - 1 },
    },
  };
}
