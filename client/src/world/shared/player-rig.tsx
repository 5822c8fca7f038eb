import { useThree } from '@react-three/fiber';
import { useXR, XROrigin } from '@react-three/xr';
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useRef } from 'react';
import { Matrix4, Quaternion, Vector3, type Group } from 'three';
import type { AvatarPose, Transform } from '../../../../protocol/src/pose-codec';
import { useFrameStage } from '../../frame-loop';
import type { WorldConnection } from '../../net/world-connection';
import { trip } from '../portals/trip';
import { comfort } from '../xr/comfort-settings';
import { DesktopControls, floorHeight, type WalkBounds } from './desktop-controls';
import { touchControls } from './touch-controls';

// Locomotion, teleport and the comfort vignette load with the first XR session, not before.
const XRLocomotion = lazy(() => import('../xr/xr-locomotion').then((m) => ({ default: m.XRLocomotion })));

/** Props of {@link PlayerRig}. */
export interface PlayerRigProps {
  /** The room the local pose is sent to; absent while not connected. */
  connection?: WorldConnection;
  /** Where the visitor starts, on the floor (unless they came through a doorway: then in front of the one leading back). */
  start?: [number, number, number];
  /** Direction the visitor faces at the start, radians about +Y (0 looks down −Z). */
  startYaw?: number;
  /** Walkable area. */
  bounds: WalkBounds;
  /** What travels with the visitor in XR (the VR menu), in the XR origin's space. */
  children?: ReactNode;
}

const position = new Vector3();
const quaternion = new Quaternion();
const scale = new Vector3();
const matrix = new Matrix4();
const identity = (): Transform => ({ x: 0, y: 0, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 });
const hands = { left: identity(), right: identity() };
const pose: AvatarPose = { head: identity() };

function setTransform(target: Transform, p: Vector3, q: Quaternion): void {
  target.x = p.x;
  target.y = p.y;
  target.z = p.z;
  target.qx = q.x;
  target.qy = q.y;
  target.qz = q.z;
  target.qw = q.w;
}

/**
 * The local visitor: desktop controls outside XR, VR locomotion inside (teleport, smooth, snap turn: ../xr),
 * and the head pose — with the controllers' or tracked hands' poses in XR — sent to the
 * room every frame (the connection rate-limits).
 */
export function PlayerRig({ connection, start = [0, 0, 8], startYaw = 0, bounds, children }: PlayerRigProps) {
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  const origin = useRef<Group>(null);
  const inXR = useXR((s) => s.session != null);
  const referenceSpace = useXR((s) => s.originReferenceSpace);
  const controls = useMemo(() => new DesktopControls(), []);
  // A trip through a doorway arrives in front of the doorway back (read again when the start moves).
  const arrival = useMemo(() => trip.arrival, [start, startYaw]);
  const at = arrival?.position ?? start;
  const yaw = arrival?.yaw ?? startYaw;

  useEffect(() => {
    camera.position.set(at[0], 1.6, at[2]);
    controls.yaw = yaw;
    controls.pitch = 0;
    controls.attach(canvas);
    touchControls.attach(canvas, camera);
    trip.camera = camera;
    return () => {
      controls.detach();
      touchControls.detach();
    };
  }, [camera, canvas, controls, at, yaw]);

  // Standing in the zone and let into its room: a trip's fade comes back from black.
  useEffect(() => {
    if (connection) trip.settled();
  }, [connection]);

  useFrameStage('locomotion', (_, delta) => {
    if (!inXR) {
      // Touch walks first: the desktop controls then stand the eyes on the floor where it led.
      touchControls.update(camera, delta, bounds, controls.yaw);
      controls.update(camera, delta, bounds);
    }
    // In XR the origin is the visitor's floor: it rises onto the arena's tiers and the stage
    // under the headset (which walks away from the origin in a room-scale space).
    else if (origin.current) {
      camera.getWorldPosition(position);
      origin.current.position.y = floorHeight(bounds.floors, position.x, position.z) + comfort.lift();
    }
  });

  // Last in the frame: the pose sent is where everything this frame put the visitor.
  useFrameStage('send', (_, __, frame: XRFrame | undefined) => {
    if (!connection) return;
    camera.getWorldPosition(position);
    camera.getWorldQuaternion(quaternion);
    setTransform(pose.head, position, quaternion);
    pose.left = undefined;
    pose.right = undefined;
    if (frame && referenceSpace && origin.current) {
      const sources = frame.session.inputSources;
      for (let i = 0; i < sources.length; i++) {
        const source = sources[i]!;
        if (source.handedness !== 'left' && source.handedness !== 'right') continue;
        const space = source.gripSpace ?? source.hand?.get('wrist') ?? source.targetRaySpace;
        const xrPose = frame.getPose(space, referenceSpace);
        if (!xrPose) continue;
        // The pose is in the XR origin's space; the origin moves with locomotion.
        matrix.fromArray(xrPose.transform.matrix).premultiply(origin.current.matrixWorld).decompose(position, quaternion, scale);
        setTransform(hands[source.handedness], position, quaternion);
        pose[source.handedness] = hands[source.handedness];
      }
    }
    connection.sendPose(pose);
  });

  return (
    <>
      <XROrigin ref={origin} position={at} rotation-y={yaw}>
        {children}
      </XROrigin>
      {inXR && (
        <Suspense fallback={null}>
          <XRLocomotion origin={origin} bounds={bounds} />
        </Suspense>
      )}
    </>
  );
}
