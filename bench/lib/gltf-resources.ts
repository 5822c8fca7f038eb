/**
 * Which files a glTF asset is made of: the .gltf or .glb itself plus every buffer and image
 * it refers to by a relative URI (data: URIs are inside the file already). The benchmark
 * counts an asset's size as the sum of these files, so an optimiser that writes textures
 * next to its .glb is not credited with the bytes it left outside.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a; // 'JSON'

interface GltfJson {
  buffers?: { uri?: string }[];
  images?: { uri?: string }[];
}

/** The JSON of a .gltf file or of a GLB's first chunk. */
export function readGltfJson(bytes: Uint8Array): GltfJson {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength >= 20 && view.getUint32(0, true) === GLB_MAGIC) {
    const length = view.getUint32(12, true);
    if (view.getUint32(16, true) !== CHUNK_JSON) throw new Error('GLB: first chunk is not JSON');
    return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length))) as GltfJson;
  }
  return JSON.parse(new TextDecoder().decode(bytes)) as GltfJson;
}

/** The external URIs (buffers and images) an asset refers to, as written in its JSON. */
export function externalUris(json: GltfJson): string[] {
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])]
    .map((entry) => entry.uri)
    .filter((uri): uri is string => typeof uri === 'string' && !uri.startsWith('data:'));
  return [...new Set(uris)];
}

/** Resolves a glTF URI (percent-encoded, relative to the asset) to a path on disk. */
export function resolveUri(assetFile: string, uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // Not valid percent-encoding: take it literally, as loaders do.
  }
  return path.resolve(path.dirname(assetFile), decoded);
}

/** One file of an asset, with its bytes. */
export interface AssetFile {
  path: string;
  bytes: Uint8Array;
}

/** The asset file first, then each external resource it refers to (missing ones throw). */
export async function readAssetFiles(assetFile: string): Promise<AssetFile[]> {
  const main = new Uint8Array(await readFile(assetFile));
  const files: AssetFile[] = [{ path: assetFile, bytes: main }];
  const seen = new Set([path.resolve(assetFile)]);
  for (const uri of externalUris(readGltfJson(main))) {
    const file = resolveUri(assetFile, uri);
    if (seen.has(file)) continue;
    seen.add(file);
    try {
      files.push({ path: file, bytes: new Uint8Array(await readFile(file)) });
    } catch (cause) {
      throw new Error(`${path.basename(assetFile)} refers to "${uri}", which cannot be read`, { cause });
    }
  }
  return files;
}
