import { Environment, Lightformer } from '@react-three/drei';
import { Suspense, use, type ComponentProps } from 'react';
import type { WalkBounds } from '../shared/desktop-controls';
import { AssetBoundary } from '../shared/asset-boundary';
import { CarModel } from '../shared/car-model';
import { loadManifest } from '../shared/manifest';

/** Where visitors may walk in the garage. */
export const GARAGE_BOUNDS: WalkBounds = { minX: -5, maxX: 5, minZ: -5, maxZ: 6 };

/**
 * The owners' garage: an intimate bay with the owner's car under a light canopy.
 * Only reached through the gated room; the server decides who gets here.
 */
export function GarageScene(props: ComponentProps<'group'>) {
  return (
    <group {...props}>
      <color attach="background" args={['#0b0c0e']} />
      <Environment resolution={128} frames={1}>
        {[-1.2, 0, 1.2].map((x) => (
          <Lightformer key={x} form="rect" intensity={6} position={[x, 3.55, 0]} rotation-x={Math.PI / 2} scale={[0.3, 6, 1]} />
        ))}
        <Lightformer form="rect" intensity={1} color="#cfe3ff" position={[0, 2, -6]} scale={[12, 2, 1]} />
      </Environment>
      <hemisphereLight args={['#e8eef8', '#141414', 0.45]} />
      <rectAreaLight position={[0, 3.4, 0]} rotation-x={-Math.PI / 2} width={3} height={6} intensity={5} color="#f2f6ff" />
      <mesh rotation-x={-Math.PI / 2}>
        <planeGeometry args={[12, 14]} />
        <meshStandardMaterial color="#1f2023" roughness={0.4} metalness={0.2} />
      </mesh>
      <mesh rotation-x={Math.PI / 2} position={[0, 3.6, 0]}>
        <planeGeometry args={[12, 14]} />
        <meshStandardMaterial color="#17181b" roughness={0.9} />
      </mesh>
      {/* Three light strips over the car, as in the studio the Lightformers above imitate. */}
      {[-1.2, 0, 1.2].map((x) => (
        <mesh key={x} position={[x, 3.55, 0]}>
          <boxGeometry args={[0.16, 0.04, 5.5]} />
          <meshBasicMaterial color="#eef3ff" toneMapped={false} />
        </mesh>
      ))}
      <mesh position={[0, 1.8, -6]}>
        <boxGeometry args={[12, 3.6, 0.2]} />
        <meshStandardMaterial color="#2b2d31" roughness={0.7} />
      </mesh>
      {[-6, 6].map((x) => (
        <mesh key={x} position={[x, 1.8, 0]}>
          <boxGeometry args={[0.2, 3.6, 14]} />
          <meshStandardMaterial color="#2b2d31" roughness={0.7} />
        </mesh>
      ))}
      <AssetBoundary>
        <Suspense fallback={null}>
          <OwnersCar />
        </Suspense>
      </AssetBoundary>
    </group>
  );
}

function OwnersCar() {
  const manifest = use(loadManifest());
  const car = manifest.zones.museum?.[0];
  return car ? <CarModel entry={car} rotation-y={-Math.PI / 6} /> : null;
}
