import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { MeshBasicMaterial, type Object3D, type Ray, Vector3 } from 'three';
import type { RoomName } from '../../net/world-connection';
import { ZONE_LABELS } from '../../ui/zone-switch';
import { touchControls } from '../shared/touch-controls';
import { pickPortal, portalAt, readPortals } from './portal-layout';
import { drawSignAtlas, signGeometry } from './portal-signs';
import { travel } from './travel';

/** Props of {@link ZonePortals}. */
export interface ZonePortalsProps {
  /** The zone the doorways stand in. */
  zone: RoomName;
  /** The zone's environment, whose `anchor_portal_<to>` nodes place the doorways. */
  environment: Object3D;
}

const eyes = new Vector3();
let atlas: ReturnType<typeof drawSignAtlas> | undefined;

/**
 * The zone's doorways to the others, on the frames its environment builds: the glow in each
 * opening and the destination's name over it, all one draw. Walking (or teleporting) into a
 * doorway, or clicking or tapping it (through the walk controls' taps), takes the visitor there
 * ({@link travel}). The mesh takes no XR pointer events: with handlers on it, a controller's
 * ray stopped reaching the VR menu (measured in e2e/vr.test.ts); in a headset the menu's
 * "Travel to" list goes to any zone.
 */
export function ZonePortals({ zone, environment }: ZonePortalsProps) {
  const scene = useThree((s) => s.scene);
  const camera = useThree((s) => s.camera);
  const portals = useMemo(() => readPortals(environment), [environment]);
  // One texture for the page: every zone's names are in it.
  atlas ??= drawSignAtlas(ZONE_LABELS);
  const geometry = useMemo(() => signGeometry(portals, atlas!), [portals]);
  const material = useMemo(() => new MeshBasicMaterial({ map: atlas!.texture, transparent: true, depthWrite: false, toneMapped: false }), []);
  useEffect(() => () => geometry.dispose(), [geometry]);
  useEffect(() => () => material.dispose(), [material]);
  // Armed once the visitor has stood clear of every doorway: arriving never sends them straight back.
  const armed = useRef(false);

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

  useFrame(() => {
    camera.getWorldPosition(eyes);
    const inside = portalAt(portals, eyes.x, eyes.z);
    if (inside < 0) armed.current = true;
    else if (armed.current && travel.through(zone, portals[inside]!.to)) armed.current = false;
  });

  if (portals.length === 0) return null;
  return <mesh name="portals" geometry={geometry} material={material} />;
}
