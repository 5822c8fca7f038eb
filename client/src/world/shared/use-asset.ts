import { useLoader, useThree } from '@react-three/fiber';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { configureGltfLoader } from './gltf-loaders';
import { assetUrl, type ManifestEntry } from './manifest';

/** Loads a published asset (suspends until it is ready); cached per URL. */
export function useAsset(entry: Pick<ManifestEntry, 'file'>): GLTF {
  const gl = useThree((state) => state.gl);
  return useLoader(GLTFLoader, assetUrl(entry), (loader) => configureGltfLoader(loader, gl));
}
