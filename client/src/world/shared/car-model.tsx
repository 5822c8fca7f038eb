import { useEffect, useMemo, type ComponentProps } from 'react';
import type { ManifestEntry } from './manifest';
import { useAsset } from './use-asset';
import { applyConfiguration, type Configuration } from './variants';

/** Props of {@link CarModel}. */
export type CarModelProps = ComponentProps<'group'> & {
  /** The published car, from the manifest. */
  entry: ManifestEntry;
  /** Catalogue codes to show, per category; the file's defaults where left out. */
  configuration?: Configuration;
};

/**
 * A car as the pipeline published it. Each instance gets its own copy of the scene graph
 * (materials shared), so one glb can stand on several plinths and each copy can wear its
 * own configuration, switched in place through KHR_materials_variants.
 */
export function CarModel({ entry, configuration, ...props }: CarModelProps) {
  const gltf = useAsset(entry);
  const scene = useMemo(() => gltf.scene.clone(true), [gltf.scene]);
  // Compared by content: a new object with the same codes changes nothing.
  const key = JSON.stringify(configuration ?? {});
  useEffect(() => {
    applyConfiguration(scene, gltf, JSON.parse(key) as Configuration).catch((error: unknown) => console.warn(String(error)));
  }, [scene, gltf, key]);
  return (
    <group name={`car:${entry.id}`} {...props}>
      <primitive object={scene} />
    </group>
  );
}
