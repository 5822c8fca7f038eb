import { useEffect, useMemo, useRef, useSyncExternalStore, type ComponentProps } from 'react';
import { Color, Euler, Quaternion, type Group } from 'three';
import type { Transform } from '../../../../protocol/src/pose-codec';
import { useFrameStage } from '../../frame-loop';
import { createSampledPose } from '../../net/interpolation';
import type { RemoteAvatar, WorldConnection } from '../../net/world-connection';
import { useCanvasFonts } from '../../i18n/use-canvas-fonts';
import { createNameTagTexture, NAME_TAG_HEIGHT, SPEAKING_COLOR } from './name-tag';

/** Props of {@link Avatars}. */
export type AvatarsProps = ComponentProps<'group'> & {
  /** The room whose other visitors are drawn. */
  connection: WorldConnection;
};

/**
 * Every other visitor in the room: a head with a visor and a name tag, moving smoothly; a ring
 * round the head and the tag while their voice is heard; at a launch, a raised hand shows.
 */
export function Avatars({ connection, ...props }: AvatarsProps) {
  const version = useSyncExternalStore(
    (onChange) => connection.onAvatarsChanged(onChange),
    () => connection.avatarsVersion,
  );
  const avatars = useMemo(() => [...connection.avatars.values()], [connection, version]);
  const talking = useSyncExternalStore(
    (onChange) => connection.on('talkers', onChange),
    () => connection.talking,
  );
  return (
    <group {...props}>
      {avatars.map((avatar) => (
        <AvatarFigure key={avatar.id} avatar={avatar} speaking={talking.has(avatar.id)} />
      ))}
    </group>
  );
}

/** Head height of a standing visitor above their floor, in metres. */
const STANDING_HEAD_HEIGHT = 1.7;
const sampled = createSampledPose();
const headQuaternion = new Quaternion();
const headEuler = new Euler(0, 0, 0, 'YXZ');

function AvatarFigure({ avatar, speaking }: { avatar: RemoteAvatar; speaking: boolean }) {
  const root = useRef<Group>(null);
  const head = useRef<Group>(null);
  const color = useMemo(() => avatarColor(avatar.name), [avatar.name]);
  // A name in Chinese or Japanese loads its glyphs, and the tag is drawn again once they are in.
  const fonts = useCanvasFonts(avatar.name);
  const tag = useMemo(() => createNameTagTexture(avatar.name, avatar.badge, speaking, fonts.language), [avatar.name, avatar.badge, speaking, fonts.language, fonts.version]);
  const left = useRef<Group>(null);
  const right = useRef<Group>(null);
  useEffect(() => () => tag.texture.dispose(), [tag]);

  useFrameStage('avatars', () => {
    if (!root.current || !head.current || !left.current || !right.current) return;
    if (!avatar.poses.sample(performance.now(), sampled)) return;
    const { head: h } = sampled;
    // The body turns with the head's heading; the head adds its pitch and roll on top.
    headQuaternion.set(h.qx, h.qy, h.qz, h.qw);
    headEuler.setFromQuaternion(headQuaternion, 'YXZ');
    // The body stands on whatever floor is under the head (the arena's tiers, a stage).
    const floor = Math.max(0, h.y - STANDING_HEAD_HEIGHT);
    root.current.position.set(h.x, floor, h.z);
    root.current.rotation.y = headEuler.y;
    head.current.position.y = h.y - floor;
    head.current.rotation.set(headEuler.x, 0, headEuler.z);
    // Hands are drawn in world space, so they sit outside the turned body group.
    placeHand(left.current, sampled.left, sampled.hasLeft);
    placeHand(right.current, sampled.right, sampled.hasRight);
  });

  return (
    <>
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
          {speaking && (
            <mesh name="speaking-ring" rotation-x={Math.PI / 2}>
              <torusGeometry args={[0.2, 0.012, 8, 32]} />
              <meshBasicMaterial color={SPEAKING_COLOR} />
            </mesh>
          )}
          <sprite position={[0, 0.3, 0]} scale={[NAME_TAG_HEIGHT * tag.aspect, NAME_TAG_HEIGHT, 1]}>
            <spriteMaterial map={tag.texture} transparent depthWrite={false} />
          </sprite>
        </group>
        {/* At a launch's Q&A: a raised arm, seen from the stage across the audience. */}
        {avatar.hand && (
          <mesh name="raised-hand" position={[0.24, 1.75, 0]} rotation-z={-0.2}>
            <capsuleGeometry args={[0.045, 0.55, 4, 8]} />
            <meshStandardMaterial color={color} emissive={color} emissiveIntensity={0.35} roughness={0.5} />
          </mesh>
        )}
        {/* A slim torso so a visitor reads as a person from across the hall. */}
        <mesh position={[0, 0.75, 0]}>
          <capsuleGeometry args={[0.18, 1.0, 6, 16]} />
          <meshStandardMaterial color={color} roughness={0.6} transparent opacity={avatar.away ? 0.2 : 0.55} />
        </mesh>
      </group>
      {[left, right].map((hand, i) => (
        <group key={i} ref={hand} visible={false}>
          <mesh>
            <boxGeometry args={[0.07, 0.03, 0.11]} />
            <meshStandardMaterial color={color} roughness={0.4} />
          </mesh>
        </group>
      ))}
    </>
  );
}

/** Shows a hand at its sampled pose, or hides it while the visitor has none. */
function placeHand(group: Group, hand: Transform, present: boolean): void {
  group.visible = present;
  if (!present) return;
  group.position.set(hand.x, hand.y, hand.z);
  group.quaternion.set(hand.qx, hand.qy, hand.qz, hand.qw);
}

/** A stable, pleasant colour per name, so a visitor keeps their colour across sessions. */
function avatarColor(name: string): Color {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return new Color().setHSL(((hash >>> 0) % 360) / 360, 0.45, 0.55);
}
