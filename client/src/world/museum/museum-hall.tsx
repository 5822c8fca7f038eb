import { Environment, Lightformer } from '@react-three/drei';
import type { ComponentProps } from 'react';
import type { WalkBounds } from '../shared/desktop-controls';

/** Interior size of the heritage hall, metres. */
export const HALL = { width: 20, depth: 36, height: 7 } as const;

/** Where visitors may walk in the hall: a metre clear of the walls. */
export const MUSEUM_BOUNDS: WalkBounds = {
  minX: -HALL.width / 2 + 1,
  maxX: HALL.width / 2 - 1,
  minZ: -HALL.depth / 2 + 1,
  maxZ: HALL.depth / 2 - 1,
};

const WALL = '#d8d0c2';
const STONE = '#1b1917';
const BRASS = '#b08d4f';

/** The heritage hall's architecture and light: polished floor, plaster walls, light coves. */
export function MuseumHall(props: ComponentProps<'group'>) {
  const { width, depth, height } = HALL;
  return (
    <group {...props}>
      <color attach="background" args={['#0d0c0b']} />
      <fog attach="fog" args={['#0d0c0b', 22, 60]} />
      {/* Reflections on paint and glass come from these studio panels, rendered locally: no HDR download. */}
      <Environment resolution={256} frames={1}>
        <Lightformer form="rect" intensity={3} position={[0, 6, 0]} rotation-x={Math.PI / 2} scale={[12, 30, 1]} />
        <Lightformer form="rect" intensity={1.2} color="#ffe8c8" position={[-9, 3, 0]} rotation-y={Math.PI / 2} scale={[30, 3, 1]} />
        <Lightformer form="rect" intensity={1.2} color="#ffe8c8" position={[9, 3, 0]} rotation-y={-Math.PI / 2} scale={[30, 3, 1]} />
        <Lightformer form="ring" intensity={2} position={[0, 4, 12]} scale={4} />
      </Environment>

      <hemisphereLight args={['#fff4e2', '#1a1613', 0.5]} />
      <directionalLight position={[4, 10, 6]} intensity={1.1} color="#fff1dc" />

      <mesh rotation-x={-Math.PI / 2} receiveShadow>
        <planeGeometry args={[width, depth]} />
        <meshStandardMaterial color={STONE} roughness={0.22} metalness={0.35} />
      </mesh>
      {/* A runner of lighter stone leads from the entrance to the centre piece. */}
      <mesh rotation-x={-Math.PI / 2} position={[0, 0.002, 6]}>
        <planeGeometry args={[3, 20]} />
        <meshStandardMaterial color="#2c2825" roughness={0.35} metalness={0.2} />
      </mesh>

      <Wall position={[0, height / 2, -depth / 2]} size={[width, height]} />
      <Wall position={[0, height / 2, depth / 2]} size={[width, height]} rotation-y={Math.PI} />
      <Wall position={[-width / 2, height / 2, 0]} size={[depth, height]} rotation-y={Math.PI / 2} />
      <Wall position={[width / 2, height / 2, 0]} size={[depth, height]} rotation-y={-Math.PI / 2} />

      <mesh rotation-x={Math.PI / 2} position={[0, height, 0]}>
        <planeGeometry args={[width, depth]} />
        <meshStandardMaterial color="#121110" roughness={0.9} />
      </mesh>
      {[-5, 0, 5].map((x) => (
        <mesh key={x} position={[x, height - 0.05, 0]}>
          <boxGeometry args={[0.25, 0.05, depth - 2]} />
          <meshBasicMaterial color="#fff3df" toneMapped={false} />
        </mesh>
      ))}
      {[-1, 1].map((side) => (
        <group key={side}>
          {/* Brass skirting and a warm cove light along each long wall. */}
          <mesh position={[side * (width / 2 - 0.03), 0.08, 0]}>
            <boxGeometry args={[0.04, 0.16, depth]} />
            <meshStandardMaterial color={BRASS} metalness={1} roughness={0.3} />
          </mesh>
          <mesh position={[side * (width / 2 - 0.05), height - 0.6, 0]}>
            <boxGeometry args={[0.06, 0.06, depth]} />
            <meshBasicMaterial color="#ffd9a0" toneMapped={false} />
          </mesh>
          {[-12, -4, 4, 12].map((z) => (
            <mesh key={z} position={[side * (width / 2 - 0.05), height / 2 - 0.3, z]}>
              <boxGeometry args={[0.08, height - 1.8, 0.5]} />
              <meshStandardMaterial color="#c9bfaf" roughness={0.8} />
            </mesh>
          ))}
        </group>
      ))}
    </group>
  );
}

function Wall({ size, ...props }: ComponentProps<'mesh'> & { size: [number, number] }) {
  return (
    <mesh {...props}>
      <planeGeometry args={size} />
      <meshStandardMaterial color={WALL} roughness={0.85} />
    </mesh>
  );
}

/** Props of {@link Plinth}. */
export type PlinthProps = ComponentProps<'group'> & {
  radius?: number;
};

/** A low round stage for one car, with a brass edge and its own spotlight. */
export function Plinth({ radius = 2.8, children, ...props }: PlinthProps) {
  return (
    <group {...props}>
      <mesh position={[0, 0.12, 0]}>
        <cylinderGeometry args={[radius, radius + 0.05, 0.24, 64]} />
        <meshStandardMaterial color="#24211e" roughness={0.3} metalness={0.4} />
      </mesh>
      <mesh position={[0, 0.24, 0]} rotation-x={-Math.PI / 2}>
        <torusGeometry args={[radius - 0.02, 0.02, 8, 96]} />
        <meshStandardMaterial color={BRASS} metalness={1} roughness={0.25} emissive={BRASS} emissiveIntensity={0.25} />
      </mesh>
      <spotLight position={[0, 6.5, 0]} angle={0.5} penumbra={0.6} intensity={60} distance={12} decay={1.6} color="#fff4e4" />
      <group position={[0, 0.24, 0]}>{children}</group>
    </group>
  );
}
