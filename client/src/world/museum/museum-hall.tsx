import { Environment, Lightformer } from '@react-three/drei';
import { useEffect, useMemo, type ComponentProps } from 'react';
import { CanvasTexture, SRGBColorSpace } from 'three';
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
      {/* Reflections on paint and glass come from these panels, rendered locally (no HDR download).
          They mirror the hall's real light strips, so reflections match what the visitor sees. */}
      <Environment resolution={256} frames={1}>
        {[-5, 0, 5].map((x) => (
          <Lightformer key={x} form="rect" intensity={8} position={[x, 6.9, 0]} rotation-x={Math.PI / 2} scale={[0.5, 32, 1]} />
        ))}
        <Lightformer form="rect" intensity={0.8} color="#fff1dc" position={[-9.9, 3.5, 0]} rotation-y={Math.PI / 2} scale={[34, 5, 1]} />
        <Lightformer form="rect" intensity={0.8} color="#fff1dc" position={[9.9, 3.5, 0]} rotation-y={-Math.PI / 2} scale={[34, 5, 1]} />
      </Environment>

      <hemisphereLight args={['#fff4e2', '#1a1613', 0.35]} />
      <directionalLight position={[4, 10, 6]} intensity={0.6} color="#fff1dc" />

      <mesh rotation-x={-Math.PI / 2}>
        <planeGeometry args={[width, depth]} />
        <meshStandardMaterial color={STONE} roughness={0.35} metalness={0.1} />
      </mesh>
      {/* A dark walnut runner leads from the entrance to the centre piece. */}
      <mesh rotation-x={-Math.PI / 2} position={[0, 0.002, 10]}>
        <planeGeometry args={[2.4, 14]} />
        <meshStandardMaterial color="#2a1d15" roughness={0.6} metalness={0} />
      </mesh>
      <Wordmark position={[0, 4.2, -depth / 2 + 0.02]} />

      <Wall position={[0, height / 2, -depth / 2]} size={[width, height]} />
      <Wall position={[0, height / 2, depth / 2]} size={[width, height]} rotation-y={Math.PI} />
      <Wall position={[-width / 2, height / 2, 0]} size={[depth, height]} rotation-y={Math.PI / 2} />
      <Wall position={[width / 2, height / 2, 0]} size={[depth, height]} rotation-y={-Math.PI / 2} />

      <mesh rotation-x={Math.PI / 2} position={[0, height, 0]}>
        <planeGeometry args={[width, depth]} />
        <meshStandardMaterial color="#3a352f" roughness={0.9} />
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

/** The marque's name in brass capitals on the far wall, drawn on a canvas: no font download. */
function Wordmark(props: ComponentProps<'mesh'>) {
  const texture = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2048;
    canvas.height = 256;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#d9b978';
    g.font = '400 150px Georgia, "Times New Roman", serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.letterSpacing = '60px';
    g.fillText('MARQUE', canvas.width / 2 + 30, canvas.height / 2);
    const map = new CanvasTexture(canvas);
    map.colorSpace = SRGBColorSpace;
    return map;
  }, []);
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <mesh {...props}>
      <planeGeometry args={[11, 1.375]} />
      <meshBasicMaterial map={texture} transparent toneMapped={false} />
    </mesh>
  );
}

/** Props of {@link Lectern}. */
export type LecternProps = ComponentProps<'group'>;

/** A slim brass-edged stand that holds a placard at reading height, tilted towards the visitor. */
export function Lectern({ children, ...props }: LecternProps) {
  return (
    <group {...props}>
      <mesh position={[0, 0.45, 0]}>
        <boxGeometry args={[0.08, 0.9, 0.08]} />
        <meshStandardMaterial color="#24211e" roughness={0.35} metalness={0.5} />
      </mesh>
      <group position={[0, 0.98, 0]} rotation-x={-0.6}>
        {children}
      </group>
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
