import { useXR } from '@react-three/xr';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { BufferAttribute, BufferGeometry, Euler, Line, LineBasicMaterial, Matrix4, Quaternion, Vector3, type Group, type Mesh } from 'three';
import { useFrameStage } from '../../frame-loop';
import type { WalkBounds } from '../shared/desktop-controls';
import { comfort, xrInspection } from './comfort-settings';
import { ComfortVignette } from './comfort-vignette';
import { castTeleportArc, ControllerInput, LOCOMOTION_DEFAULTS, teleportOrigin, turnOrigin, walkOrigin } from './locomotion';

/** Props of {@link XRLocomotion}. */
export interface XRLocomotionProps {
  /** The XR origin it moves and turns. */
  origin: RefObject<Group | null>;
  /** Walkable area and raised floors of the zone. */
  bounds: WalkBounds;
}

const head = new Vector3();
const headQuaternion = new Quaternion();
const rayMatrix = new Matrix4();
const rayStart = new Vector3();
const rayDirection = new Vector3();
const rayQuaternion = new Quaternion();
const rayScale = new Vector3();
const hit = new Vector3();
const euler = new Euler(0, 0, 0, 'YXZ');
const cast = { count: 0, valid: false };
/** The marker's spot shown to tests while aiming: one vector, rewritten each frame. */
const aimPoint = new Vector3();

/** The head in the XR origin's space, as of the last XR frame (the VR menu opens in front of it). */
export const headInOrigin = { position: new Vector3(0, 1.6, 0), yaw: 0 };

/**
 * VR locomotion with comfort options: teleport by default (right stick forward, or a right-hand
 * pinch, shows an arc and a marker; releasing lands there), smooth walking on the left stick
 * as an option (with the vignette), snap turns of 45° on the right stick, the seated lift,
 * and the left controller's X/Y button opening the VR menu.
 */
export function XRLocomotion({ origin, bounds }: XRLocomotionProps) {
  const session = useXR((s) => s.session);
  const referenceSpace = useXR((s) => s.originReferenceSpace);
  const settings = useSyncExternalStore(comfort.subscribe, () => comfort.get());
  const marker = useRef<Mesh>(null);
  const arcPoints = useMemo(() => new Float32Array(LOCOMOTION_DEFAULTS.arcSamples * 3), []);
  const arcGeometry = useMemo(() => {
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(arcPoints, 3));
    return geometry;
  }, [arcPoints]);
  const arcLine = useMemo(() => new Line(arcGeometry, new LineBasicMaterial({ color: '#e8d9b0', transparent: true, opacity: 0.8 })), [arcGeometry]);
  const [input] = useState(() => new ControllerInput<XRInputSource>());
  /** The smooth walk's speed this frame, as a share of full speed, for the vignette. */
  const speed = useRef(0);

  // A hand has no stick: a right-hand pinch aims, releasing it lands (unless it points at the menu).
  useEffect(() => {
    if (!session) return;
    const start = (event: XRInputSourceEvent) => input.pinchStart(event.inputSource, menuHovered());
    const end = (event: XRInputSourceEvent) => input.pinchEnd(event.inputSource);
    session.addEventListener('selectstart', start);
    session.addEventListener('selectend', end);
    return () => {
      session.removeEventListener('selectstart', start);
      session.removeEventListener('selectend', end);
      input.clear();
    };
  }, [session, input]);

  useEffect(() => {
    const rig = origin.current;
    xrInspection.origin = rig ?? undefined;
    return () => {
      if (xrInspection.origin === rig) xrInspection.origin = undefined;
    };
  }, [origin]);

  // Input first in the frame: snap turns and teleports land before the rig and everything after it follow.
  useFrameStage('input', (_, delta, frame: XRFrame | undefined) => {
    const rig = origin.current;
    speed.current = 0;
    if (!frame || !rig || !referenceSpace) return;
    xrInspection.frames++;
    const viewer = frame.getViewerPose(referenceSpace);
    if (!viewer) return;
    const p = viewer.transform.position;
    head.set(p.x, p.y, p.z);
    comfort.headHeight = p.y;
    const o = viewer.transform.orientation;
    headInOrigin.position.copy(head);
    headInOrigin.yaw = euler.setFromQuaternion(headQuaternion.set(o.x, o.y, o.z, o.w)).y;
    headQuaternion.set(o.x, o.y, o.z, o.w).premultiply(rig.quaternion);
    const headYaw = euler.setFromQuaternion(headQuaternion).y;

    const intent = input.read(frame.session.inputSources, settings.locomotion);
    if (intent.turn !== 0) turnOrigin(rig, head, intent.turn);
    if (intent.walkX !== 0 || intent.walkY !== 0) {
      speed.current = walkOrigin(rig, head, headYaw, intent.walkX, intent.walkY, Math.min(delta, 0.1), bounds) / LOCOMOTION_DEFAULTS.speed;
    }
    if (intent.toggleMenu) comfort.setMenuOpen(!comfort.menuOpen);

    // Teleport: aim while the stick is forward or the pinch held; land on release.
    const rayPose = intent.aim && frame.getPose(intent.aim.targetRaySpace, referenceSpace);
    if (rayPose) {
      rig.updateMatrixWorld();
      rayMatrix.fromArray(rayPose.transform.matrix).premultiply(rig.matrixWorld).decompose(rayStart, rayQuaternion, rayScale);
      rayDirection.set(0, 0, -1).applyQuaternion(rayQuaternion);
      castTeleportArc(rayStart, rayDirection, bounds, arcPoints, hit, LOCOMOTION_DEFAULTS, cast);
      input.aimed(cast.valid);
      arcGeometry.setDrawRange(0, cast.count);
      arcGeometry.attributes.position!.needsUpdate = true;
      arcGeometry.computeBoundingSphere();
      xrInspection.aim = cast.valid ? aimPoint.copy(hit) : undefined;
    } else if (!intent.aim) {
      if (intent.land) {
        teleportOrigin(rig, head, hit);
        xrInspection.lastTeleport = { x: hit.x, y: hit.y, z: hit.z };
      }
      xrInspection.aim = undefined;
    }
    arcLine.visible = input.isAiming;
    if (marker.current) {
      marker.current.visible = input.isAiming && input.aimValid;
      marker.current.position.set(hit.x, hit.y + 0.01, hit.z);
    }
  });

  if (!session) return null;
  return (
    <>
      <primitive object={arcLine} name="xr:teleport-arc" visible={false} frustumCulled={false} />
      <mesh ref={marker} name="xr:teleport-marker" rotation-x={-Math.PI / 2} visible={false}>
        <ringGeometry args={[0.22, 0.3, 40]} />
        <meshBasicMaterial color="#e8d9b0" transparent opacity={0.9} depthWrite={false} />
      </mesh>
      {settings.vignette && <ComfortVignette strength={() => speed.current} />}
    </>
  );
}

let hoveredItems = 0;

/** Whether a pointer is over the VR menu now (a pinch there presses a button, not a teleport). */
export function menuHovered(): boolean {
  return hoveredItems > 0;
}

/** The VR menu counts pointers over it with this. */
export function countMenuHover(change: 1 | -1): void {
  hoveredItems = Math.max(0, hoveredItems + change);
}
