import { gzipSync } from 'node:zlib';
import type { Document } from '@gltf-transform/core';
import { TARGETS } from '../../protocol/src/targets';
import { OPTIMIZE_DEFAULTS, optimizeDocument, type OptimizeOptions, type OptimizedAsset } from './optimize';
import { readInput } from './read-input';
import { sceneStats, textureSize } from './scene-stats';
import { assertValid, validateGlb, type ValidationReport } from './transforms/validate-glb';

/** Result of {@link optimizeFile}. */
export interface OptimizedFile extends OptimizedAsset {
  /** Absolute path of the input. */
  file: string;
  /** The validator's report on the input as given (never has errors: see optimizeFile). */
  input: ValidationReport;
  /** True when the input was already optimised for the target and nothing smaller came of it: `glb` is the input's bytes. */
  kept: boolean;
}

/**
 * Runs one .glb or .gltf through the pipeline for a target. Throws InputError when the
 * file cannot be read (with the reason), and ValidationFailedError when the input or the
 * output has validator errors (each with its JSON pointer and message).
 *
 * A GLB already optimised for the target (its geometry compressed as asked, every texture
 * in the target's format and size: our own output, say) is never made larger: when the
 * pipeline's output is no smaller, the input's bytes are the result (`kept`), so
 * optimising an optimised file again changes nothing.
 */
export async function optimizeFile(input: string, options: OptimizeOptions = {}): Promise<OptimizedFile> {
  const source = await readInput(input);
  const inputReport = await validateGlb(source.bytes, { uri: input, externalResource: source.resource });
  assertValid(input, inputReport, 'input');
  const optimised = source.format === 'glb' && isOptimised(source.document, options);
  const inputStats = optimised ? sceneStats(source.document) : undefined;
  const result = await optimizeDocument(source.document, { unit: input, ...options });
  if (inputStats && result.glb.byteLength >= source.bytes.byteLength) {
    const stats = { ...inputStats, bytes: source.bytes.byteLength, gzipBytes: gzipSync(source.bytes, { level: 9 }).byteLength };
    return { ...result, glb: source.bytes, stats, report: inputReport, file: source.file, input: inputReport, kept: true };
  }
  return { ...result, file: source.file, input: inputReport, kept: false };
}

/** Geometry compressed as asked and every texture already in the target's format and size. */
function isOptimised(document: Document, options: OptimizeOptions): boolean {
  const { target, compression } = { ...OPTIMIZE_DEFAULTS, ...options };
  const spec = TARGETS[target];
  const maxSize = options.maxTextureSize ?? spec.maxTextureSize;
  const used = new Set(document.getRoot().listExtensionsUsed().map((extension) => extension.extensionName));
  const geometry = { meshopt: 'EXT_meshopt_compression', draco: 'KHR_draco_mesh_compression', none: undefined }[compression];
  if (geometry && !used.has(geometry)) return false;
  return document
    .getRoot()
    .listTextures()
    .every((texture) => {
      const size = textureSize(texture);
      return texture.getMimeType() === `image/${spec.textureFormat}` && size !== undefined && Math.max(...size) <= maxSize;
    });
}
