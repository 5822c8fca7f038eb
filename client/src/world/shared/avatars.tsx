import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useSyncExternalStore, type ComponentProps } from 'react';
import { Color, type Group } from 'three';
import type { Pose } from '../../net/interpolation';
import type { RemoteAvatar, WorldConnection } from '../../net/world-connection';
import { createNameTagTexture, NAME_TAG_HEIGHT } from './name-tag';

/** Props of {@link Avatars}. */
export type AvatarsProps = ComponentProps<'group'> & {
  /** The room whose other visitors are drawn. */
  connection: WorldConnection;
};

/** Every other visitor in the room: a head with a visor and a name tag, moving smoothly. */
export function Avatars({ connection, ...props }: AvatarsProps) {
  const version = useSyncExternalStore(
    (onChange) => connection.onAvatarsChanged(onChange),
    () => connection.avatarsVersion,
  );
  const avatars = useMemo(() => [...connection.avatars.values()], [connection, version]);
  return (
    <group {...props}>
      {avatars.map((avatar) => (
        <AvatarFigure key={avatar.id} avatar={avatar} />
      ))}
    </group>
  );
}

const scratchPose: Pose = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0 };

function AvatarFigure({ avatar }: { avatar: RemoteAvatar }) {
  const root = useRef<Group>(null);
  const head = useRef<Group>(null);
  const color = useMemo(() => avatarColor(avatar.name), [avatar.name]);
  const tag = useMemo(() => createNameTagTexture(avatar.name, avatar.owner), [avatar.name, avatar.owner]);
  useEffect(() => () => tag.texture.dispose(), [tag]);

  useFrame(() => {
    if (!root.current || !head.current) return;
    if (!avatar.poses.sample(performance.now(), scratchPose)) return;
    root.current.position.set(scratchPose.x, 0, scratchPose.z);
    root.current.rotation.y = scratchPose.yaw;
    head.current.position.y = scratchPose.y;
    head.current.rotation.x = scratchPose.pitch;
  });

  return (
    <group ref={root} name={`avatar:${avatar.name}`}>
      <group ref={head}>
        <mesh>
          <sphereGeometry args={[0.14, 24, 16]} />
          <meshStandardMaterial color={color} roughness={0.35} metalness={0.1} />
        </mesh>
        {/* The visor shows which way the visitor looks (−Z is forward). */}
        <mesh position={[0, 0.01, -0.1]} scale={[1, 0.45, 0.6]}>
          <sphereGeometry args={[0.12, 20, 12]} />
          <meshStandardMaterial color="#101014" roughness={0.1} metalness={0.6} />
        </mesh>
        <sprite position={[0, 0.3, 0]} scale={[NAME_TAG_HEIGHT * tag.aspect, NAME_TAG_HEIGHT, 1]}>
          <spriteMaterial map={tag.texture} transparent depthWrite={false} />
        </sprite>
      </group>
      {/* A slim torso so a visitor reads as a person from across the hall. */}
      <mesh position={[0, 0.75, 0]}>
        <capsuleGeometry args={[0.18, 1.0, 6, 16]} />
        <meshStandardMaterial color={color} roughness={0.6} transparent opacity={0.55} />
      </mesh>
    </group>
  );
}

/** A stable, pleasant colour per name, so a visitor keeps their colour across sessions. */
function avatarColor(name: string): Color {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return new Color().setHSL(((hash >>> 0) % 360) / 360, 0.45, 0.55);
}
