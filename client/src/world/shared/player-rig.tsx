import { useFrame, useThree } from '@react-three/fiber';
import { useXR, useXRControllerLocomotion, XROrigin } from '@react-three/xr';
import { useEffect, useMemo, useRef } from 'react';
import { Euler, Quaternion, Vector3, type Group } from 'three';
import type { Pose } from '../../net/interpolation';
import type { WorldConnection } from '../../net/world-connection';
import { DesktopControls, type WalkBounds } from './desktop-controls';

/** Props of {@link PlayerRig}. */
export interface PlayerRigProps {
  /** The room the local pose is sent to; absent while not connected. */
  connection?: WorldConnection;
  /** Where the visitor starts, on the floor. */
  start?: [number, number, number];
  /** Direction the visitor faces at the start, radians about +Y (0 looks down −Z). */
  startYaw?: number;
  /** Walkable area. */
  bounds: WalkBounds;
}

const headPosition = new Vector3();
const headQuaternion = new Quaternion();
const headEuler = new Euler(0, 0, 0, 'YXZ');
const pose: Pose = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };

/**
 * The local visitor: desktop controls outside XR, thumbstick locomotion inside,
 * and the head pose sent to the room every frame (the connection rate-limits).
 */
export function PlayerRig({ connection, start = [0, 0, 8], startYaw = 0, bounds }: PlayerRigProps) {
  const camera = useThree((s) => s.camera);
  const canvas = useThree((s) => s.gl.domElement);
  const origin = useRef<Group>(null);
  const inXR = useXR((s) => s.session != null);
  const controls = useMemo(() => new DesktopControls(), []);

  useEffect(() => {
    camera.position.set(start[0], 1.6, start[2]);
    controls.yaw = startYaw;
    controls.pitch = 0;
    controls.attach(canvas);
    return () => controls.detach();
  }, [camera, canvas, controls, start, startYaw]);

  useXRControllerLocomotion(origin, { speed: 1.6 }, { type: 'snap', degrees: 45 });

  useFrame((_, delta) => {
    if (!inXR) controls.update(camera, delta, bounds);
    if (!connection) return;
    camera.getWorldPosition(headPosition);
    camera.getWorldQuaternion(headQuaternion);
    headEuler.setFromQuaternion(headQuaternion, 'YXZ');
    pose.x = headPosition.x;
    pose.y = headPosition.y;
    pose.z = headPosition.z;
    pose.yaw = headEuler.y;
    pose.pitch = headEuler.x;
    connection.sendPose(pose);
  });

  return <XROrigin ref={origin} position={start} />;
}
