import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { lazy, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { AdditiveBlending, CanvasTexture, Euler, Quaternion, SRGBColorSpace, Vector3, type Group } from 'three';
import { useFrameStage } from '../../frame-loop';
import type { ManifestEntry } from '../../world/shared/manifest';
import { Placard } from '../../world/shared/placard';
import { reducedMotion } from '../../world/shared/reduced-motion';
import { CarDoorCache, swingDoors } from './car-doors';
import { switchLampsOn } from './car-lamps';
import { museum } from './museum-store';
import { carText } from './tour';

// The VR panel is drawn only in a headset, and loads with the first one opened there.
const VrExhibitPanel = lazy(() => import('./vr-exhibit-panel').then((m) => ({ default: m.VrExhibitPanel })));

/** Props of {@link MuseumExhibit}. */
export interface MuseumExhibitProps {
  /** The car, from the manifest. */
  car: ManifestEntry;
  /** The car's model; it turns on the turntable, its lamps are switched and its doors open. */
  children: ReactNode;
}

/** A full turn every 24 seconds: slow enough to read the car's lines as they pass. */
export const TURNTABLE_SPEED = (2 * Math.PI) / 24;
/** How fast a stopped turntable returns the car to its place, radians a second. */
const RETURN_SPEED = Math.PI / 2;
/** A press that moved farther than this on screen was a drag to look around, pixels. */
const PRESS_SLOP = 8;
const HEADLAMP_BEAM = 5;

const worldPosition = new Vector3();
const worldQuaternion = new Quaternion();
const euler = new Euler();

/**
 * A car of the museum on its anchor: its glance label, the press on either that opens its
 * detail panel, its lamps (switched from the panel: brighter lenses and their light on the floor),
 * its doors (swung open on their hinges, at once under reduced motion) and its turntable (a slow
 * spin on the plinth; stopped, the car turns back to its place).
 * Tells the museum where it stands, for the tour.
 */
export function MuseumExhibit({ car, children }: MuseumExhibitProps) {
  const state = useSyncExternalStore(museum.subscribe, museum.get);
  const inXR = useXR((s) => s.session != null);
  const lit = state.lit.has(car.id);
  const turning = state.turning.has(car.id);
  const doorsOpen = state.open.has(car.id);
  const root = useRef<Group>(null);
  const turntable = useRef<Group>(null);
  const doorsAmount = useRef(0);
  const doors = useMemo(() => new CarDoorCache(), []);
  const press = usePress(() => museum.select(car.id));

  useLayoutEffect(() => {
    const group = root.current;
    if (!group) return;
    group.updateWorldMatrix(true, false);
    group.getWorldPosition(worldPosition);
    euler.setFromQuaternion(group.getWorldQuaternion(worldQuaternion), 'YXZ');
    museum.place(car.id, { position: [worldPosition.x, worldPosition.y, worldPosition.z], yaw: euler.y });
    return () => museum.place(car.id, undefined);
  }, [car.id]);

  useEffect(() => {
    if (!lit || !turntable.current) return;
    return switchLampsOn(turntable.current);
  }, [lit]);

  useFrameStage('animation', (_, delta) => {
    const table = turntable.current;
    if (!table) return;
    const step = Math.min(delta, 0.1);
    if (doorsOpen || doorsAmount.current > 0) {
      // The cache finds them again when the model arrives late or changes with the level of detail.
      doorsAmount.current = swingDoors(doors.doorsOf(table), doorsAmount.current, doorsOpen ? 1 : 0, step, reducedMotion?.matches);
    }
    if (turning) {
      table.rotation.y = (table.rotation.y + TURNTABLE_SPEED * step) % (2 * Math.PI);
    } else if (table.rotation.y !== 0) {
      // Back to where it stood, the shorter way round.
      const off = Math.atan2(Math.sin(table.rotation.y), Math.cos(table.rotation.y));
      const back = RETURN_SPEED * step;
      table.rotation.y = Math.abs(off) <= back ? 0 : off - Math.sign(off) * back;
    }
  });

  return (
    <group ref={root} name={`exhibit:${car.id}`}>
      <group ref={turntable} name={`turntable:${car.id}`} {...press}>
        {children}
        {lit && <LampLights length={carText(car.id)?.dimensions.length ?? 4.6} />}
      </group>
      <Placard title={car.name} subtitle={String(car.year ?? '')} width={0.7} position={[1.7, 1.1, 2.6]} rotation-y={-0.5} {...press} />
      {state.selected === car.id && inXR && (
        <Suspense fallback={null}>
          <VrExhibitPanel car={car} lit={lit} turning={turning} doorsOpen={doorsOpen} />
        </Suspense>
      )}
    </group>
  );
}

/**
 * The light of lamps switched on: a pool of warm light on the floor ahead of the nose and a red
 * glow behind the tail, each a flat additive glow (two draw calls while on). Real lights would
 * change the scene's light count and recompile every lit material: a stutter in a headset.
 */
function LampLights({ length }: { length: number }) {
  const glow = useMemo(radialGlow, []);
  useEffect(() => () => glow.dispose(), [glow]);
  const nose = length / 2;
  return (
    <>
      <mesh name="lamps:beam" position={[0, 0.012, nose + HEADLAMP_BEAM / 2]} rotation-x={-Math.PI / 2} scale={[2.6, HEADLAMP_BEAM, 1]}>
        <planeGeometry />
        <meshBasicMaterial map={glow} color="#fff1d6" transparent depthWrite={false} blending={AdditiveBlending} toneMapped={false} />
      </mesh>
      <mesh name="lamps:tail" position={[0, 0.012, -nose - 0.5]} rotation-x={-Math.PI / 2} scale={[2, 1.2, 1]}>
        <planeGeometry />
        <meshBasicMaterial map={glow} color="#ff2a1a" opacity={0.7} transparent depthWrite={false} blending={AdditiveBlending} toneMapped={false} />
      </mesh>
    </>
  );
}

/** A soft round glow, bright in the middle and gone at the edge. */
function radialGlow(): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 128;
  const g = canvas.getContext('2d')!;
  const gradient = g.createRadialGradient(64, 64, 0, 64, 64, 64);
  gradient.addColorStop(0, 'rgba(255,255,255,0.85)');
  gradient.addColorStop(0.45, 'rgba(255,255,255,0.35)');
  gradient.addColorStop(1, 'rgba(255,255,255,0)');
  g.fillStyle = gradient;
  g.fillRect(0, 0, 128, 128);
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

/** Handlers for a press (pointer down, then up over the same thing), not a drag to look around. */
function usePress(onPress: () => void) {
  const canvas = useThree((s) => s.gl.domElement);
  const down = useRef<{ x?: number; y?: number }>(undefined);
  const action = useRef(onPress);
  action.current = onPress;
  return useMemo(
    () => ({
      onPointerDown(event: ThreeEvent<PointerEvent>) {
        event.stopPropagation();
        const native = event.nativeEvent as Partial<PointerEvent> | undefined;
        down.current = { x: native?.clientX, y: native?.clientY };
      },
      onPointerUp(event: ThreeEvent<PointerEvent>) {
        event.stopPropagation();
        const start = down.current;
        down.current = undefined;
        if (!start) return;
        const native = event.nativeEvent as Partial<PointerEvent> | undefined;
        if (start.x !== undefined && native?.clientX !== undefined && Math.hypot(native.clientX - start.x, (native.clientY ?? 0) - (start.y ?? 0)) > PRESS_SLOP) return;
        // A press on a car opens its panel; it must not also walk the visitor to the floor behind
        // it (the touch controls listen on the window, after the scene's handlers, and skip a
        // pointer-up whose default was prevented).
        native?.preventDefault?.();
        action.current();
      },
      onPointerOver(event: ThreeEvent<PointerEvent>) {
        event.stopPropagation();
        canvas.style.cursor = 'pointer';
      },
      onPointerOut() {
        canvas.style.cursor = '';
      },
    }),
    [canvas],
  );
}
