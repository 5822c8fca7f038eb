import { gzipSync } from 'node:zlib';
import type { Document, Transform } from '@gltf-transform/core';
import { cloneDocument, dequantize, draco, meshopt } from '@gltf-transform/functions';
import { MeshoptEncoder } from 'meshoptimizer';
import { createIO } from '../../protocol/src/gltf-io';
import { MarqueError } from '../../protocol/src/errors';
import type { FileStats } from '../../protocol/src/manifest';
import { TARGETS, type TargetName } from '../../protocol/src/targets';
import { QuietQuantizeLogger } from './quiet-quantize-logger';
import { sceneStats, textureSize } from './scene-stats';
import { clean } from './transforms/clean';
import { instanceRepeats } from './transforms/instance-repeats';
import { recordNamedMeshes, restoreNamedMeshes } from './transforms/named-meshes';
import { simplifyTriangles } from './transforms/simplify-triangles';
import { tangents } from './transforms/tangents';
import { textures } from './transforms/textures';
import { assertValid, validateGlb, type ValidationReport } from './transforms/validate-glb';
import { variants, type VariantsOptions } from './transforms/variants';

/** Geometry compression of the published file. */
export type Compression = 'meshopt' | 'draco' | 'none';

/** Options for {@link optimizeDocument}. */
export interface OptimizeOptions {
  /** Device class: sets the texture size and format (see TARGETS). */
  target?: TargetName;
  /** EXT_meshopt_compression (fast to decode, the default), KHR_draco_mesh_compression, or none. */
  compression?: Compression;
  /** Extra levels of detail below full detail, as triangle ratios (e.g. `[0.5, 0.2]`). */
  lods?: readonly number[];
  /** Overrides the target's largest texture side. */
  maxTextureSize?: number;
  /** Configurations to write as KHR_materials_variants (cars). */
  variants?: Omit<VariantsOptions, 'unit'>;
  /** Name used in messages: asset id or input path. */
  unit?: string;
}

export const OPTIMIZE_DEFAULTS = {
  target: 'desktop',
  compression: 'meshopt',
  lods: [],
} as const satisfies OptimizeOptions;

/** Ratios used for cars and heavy props: half, then a fifth of the triangles. */
export const LOD_RATIOS: readonly number[] = [0.5, 0.2];

/** Largest texture side accepted as input: 16k textures would take gigabytes to decode. */
export const MAX_INPUT_TEXTURE = 8192;

/** A published level of detail. */
export interface OptimizedLevel {
  /** Triangle ratio asked of the simplifier; 1 for full detail. */
  ratio: number;
  glb: Uint8Array;
  stats: FileStats;
}

/** What {@link optimizeDocument} produces: full detail plus any lower levels, every one validated. */
export interface OptimizedAsset extends OptimizedLevel {
  report: ValidationReport;
  lods: OptimizedLevel[];
}

/**
 * The pipeline for one asset: check textures → clean (weld, dedup, prune) → variants →
 * tangents for normal-mapped primitives → instance repeated meshes → textures for the target → LODs → compression (which
 * quantises) → GLB → Khronos validation. Every output is validated; one with errors throws
 * {@link ValidationFailedError} and nothing should be published from it.
 */
export async function optimizeDocument(document: Document, options: OptimizeOptions = {}): Promise<OptimizedAsset> {
  const { target, compression, lods, unit = 'asset' } = { ...OPTIMIZE_DEFAULTS, ...options };
  checkTextureSizes(document, unit);
  const logger = document.getLogger();
  const quiet = new QuietQuantizeLogger(logger);
  document.setLogger(quiet);
  try {
    return await optimizeSteps(document, { ...options, target, compression, lods, unit });
  } finally {
    document.setLogger(logger);
    const summary = quiet.summary(unit);
    if (summary) logger.warn(summary);
  }
}

async function optimizeSteps(
  document: Document,
  options: OptimizeOptions & Required<Pick<OptimizeOptions, 'target' | 'compression' | 'lods' | 'unit'>>,
): Promise<OptimizedAsset> {
  const { target, compression, lods, unit } = options;
  const spec = TARGETS[target];
  const maxSize = options.maxTextureSize ?? spec.maxTextureSize;
  const steps: Transform[] = [decompress, clean()];
  if (options.variants) steps.push(variants({ ...options.variants, unit }));
  // After welding (tangents split vertices only where they must) and after variants (whose
  // materials may carry the normal map), before quantisation; LODs inherit the tangents.
  steps.push(tangents(), instanceRepeats());
  await run(document, unit, steps);

  // Lower levels branch off before textures are encoded, so each encodes from the source images.
  const levels: OptimizedLevel[] = [];
  for (const [i, ratio] of lods.entries()) {
    const level = cloneDocument(document);
    await run(level, unit, [
      simplifyTriangles({ ratio, error: 0.01 * (i + 1) }),
      textures({ format: spec.textureFormat, maxSize: Math.max(128, maxSize >> (i + 1)), unit }),
    ]);
    levels.push(await finish(level, compression, `${unit} (LOD ${i + 1})`, ratio));
  }
  await run(document, unit, [textures({ format: spec.textureFormat, maxSize, unit })]);
  const full = await finish(document, compression, unit, 1);
  return { ...full, lods: levels };
}

async function run(document: Document, unit: string, steps: Transform[]): Promise<void> {
  try {
    await document.transform(...steps);
  } catch (cause) {
    if (cause instanceof MarqueError) throw cause;
    throw new MarqueError(unit, 'could not be optimised', { details: (cause as Error).message ?? String(cause), cause });
  }
}

async function finish(document: Document, compression: Compression, unit: string, ratio: number): Promise<OptimizedAsset> {
  const stats = sceneStats(document);
  if (compression === 'meshopt') {
    await MeshoptEncoder.ready;
    const named = recordNamedMeshes(document);
    await run(document, unit, [meshopt({ encoder: MeshoptEncoder, level: 'high' })]);
    restoreNamedMeshes(named);
  } else if (compression === 'draco') {
    await run(document, unit, [draco({ method: 'edgebreaker' })]);
  }
  const io = await createIO({ encoders: compression !== 'none' });
  let glb: Uint8Array;
  try {
    glb = await io.writeBinary(document);
  } catch (cause) {
    throw new MarqueError(unit, 'could not be written as GLB', { details: (cause as Error).message ?? String(cause), cause });
  }
  const report = await validateGlb(glb, { uri: `${unit} (output)` });
  assertValid(unit, report, 'output');
  return {
    ratio,
    glb,
    stats: { ...stats, bytes: glb.byteLength, gzipBytes: gzipSync(glb, { level: 9 }).byteLength },
    report,
    lods: [],
  };
}

/** Refuses textures too large to decode safely, naming each. */
function checkTextureSizes(document: Document, unit: string): void {
  const tooLarge = document
    .getRoot()
    .listTextures()
    .map((texture) => ({ texture, size: textureSize(texture) }))
    .filter(({ size }) => size && Math.max(...size) > MAX_INPUT_TEXTURE);
  if (tooLarge.length === 0) return;
  throw new MarqueError(unit, `has ${tooLarge.length === 1 ? 'a texture' : 'textures'} larger than ${MAX_INPUT_TEXTURE} px`, {
    details: [
      ...tooLarge.map(({ texture, size }) => `"${texture.getName() || texture.getURI() || '(unnamed)'}" is ${size![0]}×${size![1]} px`),
      `scale ${tooLarge.length === 1 ? 'it' : 'them'} down to at most ${MAX_INPUT_TEXTURE} px before importing (no headset or phone can use more)`,
    ].join('\n'),
  });
}

/**
 * Inputs arrive decoded, but may be quantised: geometry goes back to floats and the input's
 * compression extensions are dropped, so the pipeline's own quantisation and compression
 * start from full precision.
 */
async function decompress(document: Document): Promise<void> {
  const used = new Set(document.getRoot().listExtensionsUsed().map((extension) => extension.extensionName));
  if (used.has('KHR_mesh_quantization')) await document.transform(dequantize());
  for (const extension of document.getRoot().listExtensionsUsed()) {
    const name = extension.extensionName;
    if (name === 'KHR_draco_mesh_compression' || name === 'EXT_meshopt_compression' || name === 'KHR_mesh_quantization') {
      extension.dispose();
    }
  }
}
