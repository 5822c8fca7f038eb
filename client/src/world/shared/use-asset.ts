import { useLoader, useThree } from '@react-three/fiber';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { WebGLRenderer } from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { getQuality, subscribeQuality } from '../quality/quality-store';
import { configureGltfLoader } from './gltf-loaders';
import { assetUrl, type ManifestEntry } from './manifest';

/** Where the load of one published file stands. */
export interface AssetLoad {
  /** Bytes received so far. */
  received: number;
  state: 'loading' | 'loaded' | 'failed';
  /** Why it failed, in words (`… answered 500 (Internal Server Error)`). */
  failure?: string;
}

const loads = new Map<string, AssetLoad>();
const listeners = new Set<() => void>();

function record(url: string, load: AssetLoad): void {
  loads.set(url, load);
  listeners.forEach((listener) => listener());
}

/** Loads of published files by URL, as they progress: the zone's loading indicator sums them. */
export const assetLoads = {
  get(url: string): AssetLoad | undefined {
    return loads.get(url);
  },
  /** Calls `listener` after every change (bytes arriving, a file loaded or failed); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Why a file failed, in words, from three's loader error (an HTTP status where there was one). */
function describeFailure(url: string, error: unknown): string {
  const response = (error as { response?: Response } | undefined)?.response;
  if (response) return `${url} answered ${response.status}${response.statusText ? ` (${response.statusText})` : ''}`;
  const message = error instanceof Error ? error.message : String(error);
  return /fetch/i.test(message) ? `${url} could not be fetched (${message})` : `${url} could not be read (${message})`;
}

/**
 * three's GLTFLoader, reporting each file's bytes and outcome to {@link assetLoads}. Like any
 * three loader it also goes through THREE.DefaultLoadingManager (drei's useProgress counts it).
 */
export class TrackedGltfLoader extends GLTFLoader {
  override load(url: string, onLoad: (gltf: GLTF) => void, onProgress?: (event: ProgressEvent) => void, onError?: (error: unknown) => void): void {
    record(url, { received: 0, state: 'loading' });
    super.load(
      url,
      (gltf) => {
        record(url, { received: loads.get(url)?.received ?? 0, state: 'loaded' });
        onLoad(gltf);
      },
      (event) => {
        record(url, { received: event.loaded, state: 'loading' });
        onProgress?.(event);
      },
      (error) => {
        record(url, { received: loads.get(url)?.received ?? 0, state: 'failed', failure: describeFailure(url, error) });
        onError?.(error);
      },
    );
  }
}

/** URL of the file shown for an asset at a car level of detail (`lodBias`); other kinds have one file. */
export function shownAssetUrl(entry: Pick<ManifestEntry, 'file'> & Partial<Pick<ManifestEntry, 'kind' | 'lods'>>, lodBias: number): string {
  return assetUrl(entry, entry.kind === 'car' ? lodBias : 0);
}

/** The file shown for an asset at a car level of detail, with its size (for a zone's progress). */
export function shownAssetFile(entry: Pick<ManifestEntry, 'file' | 'bytes' | 'kind' | 'lods'>, lodBias: number): { url: string; bytes: number } {
  const lod = entry.kind === 'car' ? Math.min(lodBias, entry.lods.length) : 0;
  return { url: assetUrl(entry, lod), bytes: lod > 0 ? entry.lods[lod - 1]!.bytes : entry.bytes };
}

/** Starts loading published files (into the same cache {@link useAsset} reads) without waiting for them. */
export function preloadAssets(urls: readonly string[], renderer: WebGLRenderer): void {
  for (const url of urls) useLoader.preload(TrackedGltfLoader, url, (loader) => configureGltfLoader(loader as GLTFLoader, renderer));
}

/** Resolves once every one of `urls` has loaded or failed. */
export function assetsSettled(urls: readonly string[]): Promise<void> {
  const settled = () => urls.every((url) => loads.get(url)?.state === 'loaded' || loads.get(url)?.state === 'failed');
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = assetLoads.subscribe(() => {
      if (!settled()) return;
      stop();
      resolve();
    });
  });
}

/** Forgets the files that failed, cached errors included, so that the next attempt fetches them again. */
export function forgetFailedAssets(): void {
  for (const [url, load] of [...loads]) {
    if (load.state !== 'failed') continue;
    useLoader.clear(TrackedGltfLoader, url);
    loads.delete(url);
  }
  listeners.forEach((listener) => listener());
}

/**
 * Loads a published asset (suspends until it is ready); cached per URL. A car comes at the
 * level of detail the quality asks for; when that changes, the car keeps its current file until
 * the new one has loaded, so it never vanishes in between.
 */
export function useAsset(entry: Pick<ManifestEntry, 'file'> & Partial<Pick<ManifestEntry, 'kind' | 'lods'>>): GLTF {
  const gl = useThree((state) => state.gl);
  const lodBias = useSyncExternalStore(subscribeQuality, () => getQuality().lodBias);
  const wanted = shownAssetUrl(entry, lodBias);
  const [url, setUrl] = useState(wanted);
  useEffect(() => {
    if (wanted === url) return;
    let current = true;
    preloadAssets([wanted], gl);
    void assetsSettled([wanted]).then(() => {
      if (!current) return;
      if (loads.get(wanted)?.state === 'loaded') setUrl(wanted);
      else console.warn(`assets: ${loads.get(wanted)?.failure ?? wanted}; the car keeps its current level of detail`);
    });
    return () => {
      current = false;
    };
  }, [wanted, url, gl]);
  return useLoader(TrackedGltfLoader, url, (loader) => configureGltfLoader(loader as GLTFLoader, gl));
}
