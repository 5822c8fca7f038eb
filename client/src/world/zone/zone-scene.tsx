import { createPortal, useThree } from '@react-three/fiber';
import { lazy, Suspense, use, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ComponentProps, type ComponentType, type ReactNode, type RefObject } from 'react';
import { Box3, Euler, type Group, Object3D, Quaternion, Vector3 } from 'three';
import type { FloorArea } from '../shared/desktop-controls';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { listCars, loadManifest, type ManifestEntry, retryManifest, zoneAssets, type ZoneId } from '../shared/manifest';
import { assetLoads, forgetFailedAssets, preloadAssets, shownAssetFile, useAsset } from '../shared/use-asset';
import { getQuality, subscribeQuality } from '../quality/quality-store';
import { offeredConfiguration, type Configuration } from '../shared/variants';
import { warmUp } from './warm-up';
import { ZoneLighting, type ZoneLook } from './zone-lighting';
import type { ZoneLayout } from './zone-layout';
import { zoneLoading } from './zone-loading';
import { ZonePortals } from '../portals';
import { MarqueError } from '../../../../protocol/src/errors';

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

/**
 * What a zone brings to its scene besides the published files: the world knows no zone by
 * name, each zone's folder (client/src/zones) gives these.
 */
export interface ZoneSceneParts {
  /** How the zone is lit. */
  look: ZoneLook;
  /** Wraps each car on its anchor (the museum's exhibits: glance label, detail panel, lamps and turntable). */
  Exhibit?: ComponentType<{ car: ManifestEntry; children: ReactNode }>;
  /**
   * Built on the loaded environment (the factory's robots, belt and tool effects): the zone is
   * shown once they are in, and its warm-up compiles their programs too.
   */
  Extras?: ComponentType<{ environment: Object3D }>;
}

/** Props of {@link ZoneScene}. */
export type ZoneSceneProps = ComponentProps<'group'> & {
  zone: ZoneId;
  /** The zone's own parts: its light, its exhibits, its extras. */
  parts: ZoneSceneParts;
  /** Every zone's name, for the signs over its doorways. */
  labels: Readonly<Record<ZoneId, string>>;
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
 *
 * Its files load in parallel, reported to {@link zoneLoading} (the page's progress overlay);
 * once they are in, the zone's textures are uploaded and its shaders compiled while it is still
 * hidden, then it is shown. When its environment or the manifest fails, a plain fallback room
 * stands in and "Try again" loads the zone afresh.
 */
export function ZoneScene({ zone, parts, labels, onLayout, configurations, cars, staging, ...props }: ZoneSceneProps) {
  // Each attempt mounts the zone's content afresh, after the failed files are forgotten.
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string>();
  // A layout effect: it runs before the content's effects report the zone's files.
  useLayoutEffect(() => zoneLoading.begin(zone), [zone, attempt]);
  // Fetched ahead; should this fail, the lazy component's own import tries again and reports.
  useEffect(() => void loadFallbackRoom().catch(() => undefined), []);
  const retry = useCallback(() => {
    forgetFailedAssets();
    retryManifest();
    setFailure(undefined);
    setAttempt((n) => n + 1);
  }, []);
  const fail = useCallback((error: unknown) => setFailure(zoneLoading.failed(zone, error, retry)), [zone, retry]);
  return (
    <group {...props}>
      <ZoneLighting look={parts.look} />
      <AssetBoundary
        key={attempt}
        onError={fail}
        fallback={
          failure !== undefined && (
            <Suspense fallback={null}>
              <FallbackRoom failure={failure} onRetry={retry} onLayout={onLayout} />
            </Suspense>
          )
        }
      >
        <Suspense fallback={null}>
          <ZoneContent zone={zone} parts={parts} labels={labels} onLayout={onLayout} configurations={configurations} cars={cars} staging={staging} />
        </Suspense>
      </AssetBoundary>
    </group>
  );
}

// Only after a failure; fetched early (see ZoneScene), so that it comes even when the network has gone.
const loadFallbackRoom = () => import('./fallback-room');
const FallbackRoom = lazy(() => loadFallbackRoom().then((m) => ({ default: m.FallbackRoom })));

type ZoneContentProps = Pick<ZoneSceneProps, 'zone' | 'parts' | 'labels' | 'onLayout' | 'configurations' | 'cars' | 'staging'>;

/** A car resolved to its published file, with where it stands and what it wears. */
interface Placement {
  entry: ManifestEntry;
  anchor?: string;
  configuration?: Configuration;
}

function ZoneContent({ zone, parts, labels, onLayout, configurations, cars, staging }: ZoneContentProps) {
  const manifest = use(loadManifest());
  const assets = zoneAssets(manifest, zone);
  const environment = assets.find((asset) => asset.kind === 'environment');
  if (!environment) throw new MarqueError('assets', `the manifest has no environment for the ${zone}; run \`npm run assets\``);
  // The museum's line-up, oldest first; elsewhere the current model (what the zone's manifest
  // shows), unless the caller shows other cars (an owner's twins).
  const placements: Placement[] = cars
    ? cars.flatMap((car) => {
        const entry = listCars(manifest).find((published) => published.id === car.model);
        if (!entry) console.warn(`assets: no car "${car.model}" is published for this device; run \`npm run assets\``);
        return entry ? [{ entry, anchor: car.anchor, configuration: offeredConfiguration(entry, car.configuration) }] : [];
      })
    : assets.filter((asset) => asset.kind === 'car').map((entry) => ({ entry, configuration: configurations?.[entry.id] }));
  // Every file of the zone starts at once (not each car after the environment), and the
  // progress overlay counts their bytes against the manifest's sizes.
  const gl = useThree((state) => state.gl);
  const lodBias = useSyncExternalStore(subscribeQuality, () => getQuality().lodBias);
  const files = [environment, ...placements.map((placement) => placement.entry)].map((entry) => shownAssetFile(entry, lodBias));
  const fileKey = JSON.stringify(files);
  useEffect(() => {
    const expected = JSON.parse(fileKey) as { url: string; bytes: number }[];
    zoneLoading.expect(zone, expected, assetLoads);
    preloadAssets(
      expected.map((file) => file.url),
      gl,
    );
  }, [zone, fileKey, gl]);
  return (
    <Suspense fallback={null}>
      <Environment entry={environment} placements={placements} zone={zone} parts={parts} labels={labels} onLayout={onLayout} staging={staging} />
    </Suspense>
  );
}

function Environment({ entry, placements, zone, parts, labels, onLayout, staging }: Pick<ZoneContentProps, 'zone' | 'parts' | 'labels' | 'onLayout' | 'staging'> & { entry: ManifestEntry; placements: Placement[] }) {
  const gltf = useAsset(entry);
  const { anchors, layout } = useMemo(() => readAnchors(gltf.scene), [gltf.scene]);
  useEffect(() => onLayout?.(layout), [layout, onLayout]);
  const spot = parts.look.carSpot;
  const { Exhibit, Extras } = parts;
  const placed = placeCars(anchors, placements);
  // Shown once every car has loaded or failed and the whole has been warmed up.
  const root = useRef<Group>(null);
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set());
  const settle = useCallback((key: string) => setSettled((done) => (done.has(key) ? done : new Set(done).add(key))), []);
  // The zone's extras (a lazy chunk: the factory's robots and tool effects) count too: the
  // warm-up must find their materials, or they compile on the frame that first shows them.
  const extras = Extras ? ['extras'] : [];
  const shown = useWarmUp(
    root,
    zone,
    placed.every(({ anchor, entry: car }) => settled.has(`${anchor.uuid}:${car.id}`)) && extras.every((id) => settled.has(id)),
  );
  return (
    <group ref={root} name={`zone:${zone}`} visible={shown}>
      <primitive object={gltf.scene} />
      {spot && anchors[0] && placed.length > 0 && <CarSpotlight anchor={placed[0]!.anchor} intensity={spot} />}
      {placed.map(({ anchor, entry: car, configuration }) => (
        // Its own boundaries: a car still loading (another twin picked) or failing leaves the zone standing.
        <AssetBoundary key={`${anchor.uuid}:${car.id}`} onError={() => settle(`${anchor.uuid}:${car.id}`)}>
          <Suspense fallback={null}>
            <AnchoredCar anchor={anchor} car={car} Exhibit={Exhibit} configuration={configuration} />
            <Settled id={`${anchor.uuid}:${car.id}`} onSettled={settle} />
          </Suspense>
        </AssetBoundary>
      ))}
      {staging && <Suspense fallback={null}>{staging(gltf.scene)}</Suspense>}
      <Suspense fallback={null}><ZonePortals zone={zone} environment={gltf.scene} labels={labels} /></Suspense>
      {Extras && (
        <Suspense fallback={null}>
          <Extras environment={gltf.scene} />
          <Settled id="extras" onSettled={settle} />
        </Suspense>
      )}
    </group>
  );
}

/** Reports that its Suspense boundary has shown its content (a car has loaded and stands in the scene). */
function Settled({ id, onSettled }: { id: string; onSettled: (id: string) => void }) {
  useEffect(() => onSettled(id), [id, onSettled]);
  return null;
}

/**
 * Whether the zone under `root` is shown: false until `ready` (everything loaded), then while
 * {@link warmUp} uploads its textures and compiles its shaders, then true for good. Records the
 * warm-up time in {@link zoneLoading} as the zone appears.
 */
function useWarmUp(root: RefObject<Group | null>, zone: ZoneId, ready: boolean): boolean {
  const gl = useThree((state) => state.gl);
  const scene = useThree((state) => state.scene);
  const camera = useThree((state) => state.camera);
  const [warmMs, setWarmMs] = useState<number>();
  useEffect(() => {
    if (!ready || warmMs !== undefined || !root.current) return;
    let current = true;
    zoneLoading.warming(zone);
    const started = performance.now();
    warmUp(gl, scene, camera, root.current)
      .catch((error: unknown) => console.warn(`zone: the ${zone} is shown without its warm-up (${error instanceof Error ? error.message : String(error)})`))
      .then(() => current && setWarmMs(Math.round(performance.now() - started)));
    return () => {
      current = false;
    };
  }, [ready, warmMs, root, zone, gl, scene, camera]);
  // Reported as the zone becomes visible in the graph (in the same commit, before a frame draws it).
  useLayoutEffect(() => {
    if (warmMs !== undefined) zoneLoading.shown({ zone, warmMs, textures: gl.info.memory.textures, programs: gl.info.programs?.length ?? 0 });
  }, [warmMs, zone, gl]);
  return warmMs !== undefined;
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

/** A car attached to its anchor in the environment's graph, in the zone's exhibit where it has one (the museum's). */
function AnchoredCar({ anchor, car, Exhibit, configuration }: { anchor: Object3D; car: ManifestEntry; Exhibit?: ZoneSceneParts['Exhibit']; configuration?: Configuration }) {
  const model = <CarModel entry={car} configuration={configuration} />;
  return createPortal(Exhibit ? <Exhibit car={car}>{model}</Exhibit> : model, anchor);
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
