import { createPortal } from '@react-three/fiber';
import { Suspense, use, useEffect, useMemo, type ComponentProps, type ReactNode } from 'react';
import { Box3, Euler, Object3D, Quaternion, Vector3 } from 'three';
import type { FloorArea, WalkBounds } from '../shared/desktop-controls';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { listCars, loadManifest, type ManifestEntry, zoneAssets, type ZoneId } from '../shared/manifest';
import { Placard } from '../shared/placard';
import { useAsset } from '../shared/use-asset';
import { offeredConfiguration, type Configuration } from '../shared/variants';
import { ZONE_LOOKS, ZoneLighting } from './zone-lighting';

/** Where a visitor starts in a zone and where they may walk. */
export interface ZoneLayout {
  /** On the floor: `y` is the floor's height there (a tier of the arena stands above the ground). */
  spawn: [number, number, number];
  /** Direction the visitor faces at the start, radians about +Y (0 looks down −Z). */
  spawnYaw: number;
  bounds: WalkBounds;
}

/**
 * A car a zone shows instead of the one its manifest lists: an owner's twin on the garage's
 * spot, at its factory station, on the lounge's lift.
 */
export interface ShownCar {
  /** Model id, as in the manifest (`aurore-1964`); any car the target publishes. */
  model: string;
  /** Name of the anchor it stands on (`anchor_station_paint`); the zone's car anchors in order where left out. */
  anchor?: string;
  /** Catalogue codes it wears; the file's defaults where left out, and codes the car does not offer ignored. */
  configuration?: Configuration;
}

/** Props of {@link ZoneScene}. */
export type ZoneSceneProps = ComponentProps<'group'> & {
  zone: ZoneId;
  /** Called once the zone's environment is loaded, with its spawn point and walkable area. */
  onLayout?: (layout: ZoneLayout) => void;
  /** Configurations by car id for the cars the zone shows; the file's defaults where left out. */
  configurations?: Readonly<Record<string, Configuration>>;
  /** The cars to show instead of the manifest's (with their own configurations), when given. */
  cars?: readonly ShownCar[];
  /**
   * What the environment carries besides its cars, once loaded (a launch's show on the arena's
   * stage), given the environment's root to find its named nodes in.
   */
  staging?: (environment: Object3D) => ReactNode;
};

/**
 * One zone of the world as the pipeline published it: the zone's environment glb, and a car
 * on each of its `anchor_car_*` nodes (the museum's line-up in order; elsewhere the current
 * model). Cars are attached to their anchors, so a turntable carries its car.
 */
export function ZoneScene({ zone, onLayout, configurations, cars, staging, ...props }: ZoneSceneProps) {
  return (
    <group {...props}>
      <ZoneLighting zone={zone} />
      <AssetBoundary>
        <Suspense fallback={null}>
          <ZoneContent zone={zone} onLayout={onLayout} configurations={configurations} cars={cars} staging={staging} />
        </Suspense>
      </AssetBoundary>
    </group>
  );
}

type ZoneContentProps = Pick<ZoneSceneProps, 'zone' | 'onLayout' | 'configurations' | 'cars' | 'staging'>;

/** A car resolved to its published file, with where it stands and what it wears. */
interface Placement {
  entry: ManifestEntry;
  anchor?: string;
  configuration?: Configuration;
}

function ZoneContent({ zone, onLayout, configurations, cars, staging }: ZoneContentProps) {
  const manifest = use(loadManifest());
  const assets = zoneAssets(manifest, zone);
  const environment = assets.find((asset) => asset.kind === 'environment');
  if (!environment) throw new Error(`assets: the manifest has no environment for the ${zone}; run \`npm run assets\``);
  // The museum's line-up, oldest first; elsewhere the current model (what the zone's manifest
  // shows), unless the caller shows other cars (an owner's twins).
  const placements: Placement[] = cars
    ? cars.flatMap((car) => {
        const entry = listCars(manifest).find((published) => published.id === car.model);
        if (!entry) console.warn(`assets: no car "${car.model}" is published for this device; run \`npm run assets\``);
        return entry ? [{ entry, anchor: car.anchor, configuration: offeredConfiguration(entry, car.configuration) }] : [];
      })
    : assets.filter((asset) => asset.kind === 'car').map((entry) => ({ entry, configuration: configurations?.[entry.id] }));
  return <Environment entry={environment} placements={placements} zone={zone} onLayout={onLayout} staging={staging} />;
}

function Environment({ entry, placements, zone, onLayout, staging }: Pick<ZoneContentProps, 'zone' | 'onLayout' | 'staging'> & { entry: ManifestEntry; placements: Placement[] }) {
  const gltf = useAsset(entry);
  const { anchors, layout } = useMemo(() => readAnchors(gltf.scene), [gltf.scene]);
  useEffect(() => onLayout?.(layout), [layout, onLayout]);
  const spot = ZONE_LOOKS[zone].carSpot;
  const placed = placeCars(anchors, placements);
  return (
    <>
      <primitive object={gltf.scene} />
      {spot && anchors[0] && placed.length > 0 && <CarSpotlight anchor={placed[0]!.anchor} intensity={spot} />}
      {placed.map(({ anchor, entry: car, configuration }) => (
        // Its own boundary: a car still loading (another twin picked) leaves the zone standing.
        <Suspense key={`${anchor.uuid}:${car.id}`} fallback={null}>
          <AnchoredCar anchor={anchor} car={car} placard={zone === 'museum'} configuration={configuration} />
        </Suspense>
      ))}
      {staging && <Suspense fallback={null}>{staging(gltf.scene)}</Suspense>}
    </>
  );
}

type PlacedCar = Omit<Placement, 'anchor'> & { anchor: Object3D };

/**
 * Which anchor each car stands on: the one it names, else the next free one in order; one car
 * per anchor, and a car whose anchor is taken or missing is left out.
 */
function placeCars(anchors: readonly Object3D[], placements: readonly Placement[]): PlacedCar[] {
  const taken = new Set<Object3D>();
  const placed: PlacedCar[] = [];
  for (const placement of placements) {
    const anchor = placement.anchor ? anchors.find((a) => a.name === placement.anchor) : anchors.find((a) => !taken.has(a));
    if (!anchor || taken.has(anchor)) continue;
    taken.add(anchor);
    placed.push({ ...placement, anchor });
  }
  return placed;
}

/** A car attached to its anchor in the environment's graph, with its glance label in the museum. */
function AnchoredCar({ anchor, car, placard, configuration }: { anchor: Object3D; car: ManifestEntry; placard: boolean; configuration?: Configuration }) {
  return createPortal(
    <>
      <CarModel entry={car} configuration={configuration} />
      {placard && <Placard title={car.name} subtitle={String(car.year ?? '')} width={0.7} position={[1.7, 1.1, 2.6]} rotation-y={-0.5} />}
    </>,
    anchor,
  );
}

/** A show light from high in front of a car's anchor onto the car, as a venue's rig would give it. */
function CarSpotlight({ anchor, intensity }: { anchor: Object3D; intensity: number }) {
  const { target, position } = useMemo(() => {
    const at = anchor.getWorldPosition(new Vector3());
    const aim = new Object3D();
    aim.position.set(at.x, at.y + 0.6, at.z);
    return { target: aim, position: [at.x, at.y + 9, at.z + 7] as const };
  }, [anchor]);
  return (
    <>
      <primitive object={target} />
      <spotLight position={position} target={target} intensity={intensity} angle={0.32} penumbra={0.7} decay={2} color="#fff6ea" />
    </>
  );
}

/**
 * The zone's car anchors in order, its spawn point and walkable area (a metre inside its
 * floor's bounds, with the raised floors its root's `extras.marque.floors` records).
 */
function readAnchors(scene: Object3D): { anchors: Object3D[]; layout: ZoneLayout } {
  scene.updateMatrixWorld(true);
  const anchors: Object3D[] = [];
  let spawn: Object3D | undefined;
  let floors: FloorArea[] | undefined;
  scene.traverse((object) => {
    const marque = object.userData.marque as { anchor?: string; floors?: FloorArea[] } | undefined;
    if (marque?.anchor === 'car') anchors.push(object);
    if (marque?.anchor === 'spawn') spawn = object;
    if (marque?.floors) floors = marque.floors;
  });
  anchors.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const box = new Box3().setFromObject(scene);
  const position = spawn ? spawn.getWorldPosition(spawn.position.clone()) : box.getCenter(box.min.clone());
  // Anchors face along their +Z; a camera with yaw 0 looks down −Z.
  const yaw = spawn ? new Euler().setFromQuaternion(spawn.getWorldQuaternion(new Quaternion()), 'YXZ').y + Math.PI : 0;
  return {
    anchors,
    layout: {
      spawn: [position.x, spawn ? position.y : 0, position.z],
      spawnYaw: yaw,
      bounds: { minX: box.min.x + 1, maxX: box.max.x - 1, minZ: box.min.z + 1, maxZ: box.max.z - 1, floors },
    },
  };
}
