import { type ThreeEvent, useThree } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { MeshBasicMaterial, type Object3D, type Ray, Vector3 } from 'three';
import { useFrameStage } from '../../frame-loop';
import type { RoomName } from '../../net/world-connection';
import { touchControls } from '../shared/touch-controls';
import { pickPortal, type PortalAnchor, portalAt, readPortals } from './portal-layout';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { drawSignAtlas, signGeometry, TRIANGLES_PER_PORTAL } from './portal-signs';
import { travel } from './travel';

/** Props of {@link ZonePortals}. */
export interface ZonePortalsProps {
  /** The zone the doorways stand in. */
  zone: RoomName;
  /** The zone's environment, whose `anchor_portal_<to>` nodes place the doorways. */
  environment: Object3D;
  /** Every zone's name, as the signs over the doorways spell it (the same on every page, in its language). */
  labels: Readonly<Record<RoomName, string>>;
}

const eyes = new Vector3();
let atlas: ReturnType<typeof drawSignAtlas> | undefined;
// What the atlas was drawn for: the names, their language and the glyphs loaded then.
let atlasKey = '';
/**
 * Only controller and hand rays target the doorways. The grab and touch pointers around a
 * controller or fingertip test a mesh by its bounding box, and the doorways' one mesh spans the
 * whole zone: they would "touch" it wherever the visitor stands, at distance 0, and a
 * controller's nearest pointer wins, so its ray would stop reaching anything (the VR menu).
 */
const RAY_ONLY = { allow: 'ray' } as const;
/** Below the default 0: a VR menu or panel on the same ray takes the press, even with a doorway nearer. */
const BEHIND_PANELS = -1;

/**
 * The zone's doorways to the others, on the frames its environment builds: the glow in each
 * opening and the destination's name over it, all one draw. Walking (or teleporting) into a
 * doorway, or clicking or tapping it (through the walk controls' taps), takes the visitor there
 * ({@link travel}); in a headset, so does pointing a controller's (or a hand's) ray at it and
 * pressing the trigger (or pinching).
 */
export function ZonePortals({ zone, environment, labels }: ZonePortalsProps) {
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const portals = useMemo(() => readPortals(environment), [environment]);
  // One texture for the page: every zone's names are in it, drawn again when the language changes
  // (or its CJK glyphs have come in).
  const fonts = useCanvasFonts(Object.values(labels).join(''));
  const key = `${fonts.language}:${fonts.version}:${Object.values(labels).join('|')}`;
  if (!atlas || atlasKey !== key) {
    atlas?.texture.dispose();
    atlas = drawSignAtlas(labels, fonts.language);
    atlasKey = key;
  }
  const current = atlas;
  const geometry = useMemo(() => signGeometry(portals, current), [portals, current]);
  const material = useMemo(() => new MeshBasicMaterial({ map: current.texture, transparent: true, depthWrite: false, toneMapped: false }), [current]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);
  // Armed once the visitor has stood clear of every doorway: arriving never sends them straight back.
  const armed = useRef(false);
  const inXR = useXR((s) => s.session != null);
  const rayPress = useDoorwayRayPress(zone, portals);

  // Before the player's rig mounts (the environment's layout comes after): where a trip arrives.
  useLayoutEffect(() => {
    travel.attach(scene);
    travel.arrive(zone, portals);
    armed.current = false;
    return () => {
      if (travel.portals === portals) travel.portals = [];
    };
  }, [scene, zone, portals]);

  // Clicks and taps on a doorway go through it instead of walking to the floor behind it.
  useEffect(() => {
    const onTap = (ray: Ray) => {
      const hit = pickPortal(portals, ray.origin, ray.direction);
      return hit >= 0 && travel.through(zone, portals[hit]!.to);
    };
    touchControls.onTap = onTap;
    return () => {
      if (touchControls.onTap === onTap) touchControls.onTap = undefined;
    };
  }, [zone, portals]);

  useFrameStage('portals', () => {
    camera.getWorldPosition(eyes);
    const inside = portalAt(portals, eyes.x, eyes.z);
    if (inside < 0) armed.current = true;
    else if (armed.current && travel.through(zone, portals[inside]!.to)) armed.current = false;
  });

  if (portals.length === 0) return null;
  // A mouse or a finger goes through the walk controls' taps above; in XR, rays press here.
  const press = inXR ? rayPress : undefined;
  return (
    <mesh
      name="portals"
      geometry={geometry}
      material={material}
      pointerEventsType={RAY_ONLY}
      pointerEventsOrder={BEHIND_PANELS}
      onPointerDown={press?.onPointerDown}
      onPointerUp={press?.onPointerUp}
      onPointerOut={press?.onPointerOut}
    />
  );
}

/**
 * A ray's press on a doorway: the trigger (or pinch) pulled and released over the same doorway,
 * however long apart (at a few frames a second a click's time limit would drop presses), travels
 * through it. Which doorway a hit is on comes from its triangle in the shared mesh.
 */
function useDoorwayRayPress(zone: RoomName, portals: readonly PortalAnchor[]) {
  const pressed = useRef(-1);
  return useMemo(() => {
    const doorwayOf = (event: ThreeEvent<PointerEvent>) => (event.faceIndex == null ? -1 : Math.floor(event.faceIndex / TRIANGLES_PER_PORTAL));
    return {
      onPointerDown(event: ThreeEvent<PointerEvent>) {
        event.stopPropagation();
        pressed.current = doorwayOf(event);
      },
      onPointerUp(event: ThreeEvent<PointerEvent>) {
        event.stopPropagation();
        const hit = doorwayOf(event);
        const doorway = hit === pressed.current ? portals[hit] : undefined;
        pressed.current = -1;
        if (doorway) travel.through(zone, doorway.to);
      },
      onPointerOut() {
        pressed.current = -1;
      },
    };
  }, [zone, portals]);
}
