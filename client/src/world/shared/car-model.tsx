import { useGLTF } from '@react-three/drei';
import { useMemo, type ComponentProps } from 'react';
import { assetUrl, type ManifestEntry } from './manifest';

/** Props of {@link CarModel}. */
export type CarModelProps = ComponentProps<'group'> & {
  /** The published car, from the manifest. */
  entry: ManifestEntry;
};

/**
 * A car as the pipeline published it. Each instance gets its own copy of the
 * scene graph (materials shared), so one glb can stand on several plinths.
 */
export function CarModel({ entry, ...props }: CarModelProps) {
  // No Draco: the pipeline does not use it, and the default decoder would come from a CDN.
  const gltf = useGLTF(assetUrl(entry), false);
  const scene = useMemo(() => gltf.scene.clone(true), [gltf.scene]);
  return (
    <group name={`car:${entry.id}`} {...props}>
      <primitive object={scene} />
    </group>
  );
}
