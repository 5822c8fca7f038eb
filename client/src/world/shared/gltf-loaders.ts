import type { WebGLRenderer } from 'three';
import type { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';

/** Where the pipeline publishes three's Basis transcoder (see pipelines/src/runtime-files.ts). */
export const BASIS_TRANSCODER_PATH = '/basis/';

const ktx2Loaders = new WeakMap<WebGLRenderer, KTX2Loader>();

/**
 * Sets a GLTFLoader up for what the pipeline publishes: EXT_meshopt_compression (the decoder
 * is bundled) and KTX2 textures (the transcoder is served locally; one KTX2Loader per
 * renderer, which picks the GPU's compressed format). Nothing comes from a CDN, and Draco,
 * whose default decoder would, is not used.
 */
export function configureGltfLoader(loader: GLTFLoader, renderer: WebGLRenderer): void {
  let ktx2 = ktx2Loaders.get(renderer);
  if (!ktx2) {
    ktx2 = new KTX2Loader().setTranscoderPath(BASIS_TRANSCODER_PATH).detectSupport(renderer);
    ktx2Loaders.set(renderer, ktx2);
  }
  loader.setKTX2Loader(ktx2);
  loader.setMeshoptDecoder(MeshoptDecoder);
}
