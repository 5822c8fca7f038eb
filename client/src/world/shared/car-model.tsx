import { useEffect, useMemo, useRef, type ComponentProps } from 'react';
import type { Group } from 'three';
import { clone } from 'three/examples/jsm/utils/SkeletonUtils.js';
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
 * (materials shared; its own skeleton, so its doors open alone), so one glb can stand on
 * several plinths and each copy can wear its own configuration, switched in place through KHR_materials_variants. Once a configuration
 * is on the car, the group's `userData.configuration` holds it (for inspection and tests).
 */
export function CarModel({ entry, configuration, ...props }: CarModelProps) {
  const gltf = useAsset(entry);
  const scene = useMemo(() => clone(gltf.scene), [gltf.scene]);
  const group = useRef<Group>(null);
  // Compared by content: a new object with the same codes changes nothing.
  const key = JSON.stringify(configuration ?? {});
  useEffect(() => {
    const applying = new AbortController();
    const wanted = JSON.parse(key) as Configuration;
    applyConfiguration(scene, gltf, wanted, { signal: applying.signal })
      .then(() => {
        if (!applying.signal.aborted && group.current) group.current.userData.configuration = wanted;
      })
      .catch((error: unknown) => console.warn(String(error)));
    // A newer configuration wins even when this one's materials arrive later.
    return () => applying.abort();
  }, [scene, gltf, key]);
  return (
    <group ref={group} name={`car:${entry.id}`} {...props}>
      <primitive object={scene} />
    </group>
  );
}
