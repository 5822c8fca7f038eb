import type { WebGLRenderer } from 'three';
import type { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';

/** Where the pipeline publishes three's Basis transcoder (see pipelines/src/runtime-files.ts). */
export const BASIS_TRANSCODER_PATH = '/basis/';

/**
 * A KTX2Loader fetched the first time a KTX2 texture is read: the loader and its zstd decoder
 * are 58 KB of script (30 KiB gzipped) that a page whose assets carry no KTX2 (the desktop
 * build's WebP) never needs, so they stay out of the first download. GLTFLoader reads only
 * `isKTX2Loader`, `parse` (an image in a buffer view) and `load` (an image by URL) of it.
 */
class LazyKtx2Loader {
  readonly isKTX2Loader = true;
  private loader: Promise<KTX2Loader> | undefined;

  constructor(private readonly renderer: WebGLRenderer) {}

  private ready(): Promise<KTX2Loader> {
    this.loader ??= import('three/examples/jsm/loaders/KTX2Loader.js').then(({ KTX2Loader }) =>
      new KTX2Loader().setTranscoderPath(BASIS_TRANSCODER_PATH).detectSupport(this.renderer),
    );
    return this.loader;
  }

  parse(buffer: ArrayBuffer, onLoad: Parameters<KTX2Loader['parse']>[1], onError: Parameters<KTX2Loader['parse']>[2]): void {
    this.ready().then((loader) => loader.parse(buffer, onLoad, onError), onError);
  }

  load(url: string, onLoad: Parameters<KTX2Loader['load']>[1], onProgress: Parameters<KTX2Loader['load']>[2], onError: Parameters<KTX2Loader['load']>[3]): void {
    this.ready().then((loader) => loader.load(url, onLoad, onProgress, onError), onError);
  }
}

const ktx2Loaders = new WeakMap<WebGLRenderer, LazyKtx2Loader>();

/**
 * Sets a GLTFLoader up for what the pipeline publishes: EXT_meshopt_compression (the decoder
 * is bundled) and KTX2 textures (the transcoder is served locally; one KTX2Loader per
 * renderer, which picks the GPU's compressed format, fetched with its first texture). Nothing
 * comes from a CDN, and Draco, whose default decoder would, is not used.
 */
export function configureGltfLoader(loader: GLTFLoader, renderer: WebGLRenderer): void {
  let ktx2 = ktx2Loaders.get(renderer);
  if (!ktx2) {
    ktx2 = new LazyKtx2Loader(renderer);
    ktx2Loaders.set(renderer, ktx2);
  }
  // The lazy loader stands in for a KTX2Loader where GLTFLoader uses one (see above).
  loader.setKTX2Loader(ktx2 as unknown as KTX2Loader);
  loader.setMeshoptDecoder(MeshoptDecoder);
}
