/**
 * The figures the asset benchmark takes of one optimiser's output: size on the wire, the
 * triangles it draws and what the Khronos validator thinks of it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type InputFile, readInput } from '../../pipelines/src/read-input';
import { sceneStats } from '../../pipelines/src/scene-stats';
import { validateGlb } from '../../pipelines/src/transforms/validate-glb';

export interface Figures {
  /** The output plus every external file it refers to. */
  bytes: number;
  /** Each of those files gzipped at level 9, summed. */
  gzipBytes: number;
  /** Triangles drawn by the default scene, once per GPU instance. */
  triangles: number;
  /** Khronos glTF-Validator errors. */
  validatorErrors: number;
  /** Wall time of the tool that made it. */
  ms: number;
}

/** One file of an asset, with its bytes. */
export interface AssetFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * The asset file first, then every buffer and image it refers to by a relative URI. The
 * benchmark counts an asset's size as the sum of these files, so an optimiser that writes
 * textures next to its .glb is not credited with the bytes it left outside.
 */
export async function readAssetFiles(assetFile: string): Promise<AssetFile[]> {
  return filesOf(await readInput(assetFile));
}

async function filesOf({ file, bytes, resources }: InputFile): Promise<AssetFile[]> {
  const external = await Promise.all(resources.map(async (p) => ({ path: p, bytes: new Uint8Array(await readFile(p)) })));
  return [{ path: file, bytes }, ...external];
}

/** Measures the asset at `output` (a .glb or .gltf) with the files it refers to. */
export async function measureOutput(output: string): Promise<Omit<Figures, 'ms'> & { files: string[] }> {
  const source = await readInput(output);
  const files = await filesOf(source);
  const report = await validateGlb(source.bytes, { uri: path.basename(output), externalResource: source.resource });
  return {
    bytes: files.reduce((sum, f) => sum + f.bytes.byteLength, 0),
    gzipBytes: files.reduce((sum, f) => sum + gzipSync(f.bytes, { level: 9 }).byteLength, 0),
    // The pipeline's own count: every GPU instance's triangles.
    triangles: sceneStats(source.document).triangles,
    validatorErrors: report.errors,
    files: files.map((f) => path.relative(path.dirname(output), f.path)),
  };
}
