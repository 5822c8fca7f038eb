import type { Document } from '@gltf-transform/core';
import type { WorldAsset } from '../../assets/src/world';
import { loadCatalogue } from './catalogue';
import { GLTF_LOGGER } from '../../protocol/src/gltf-io';
import { MarqueError } from '../../protocol/src/errors';
import type { FileStats } from '../../protocol/src/manifest';
import type { TargetName } from '../../protocol/src/targets';
import { type Compression, LOD_RATIOS, optimizeDocument } from './optimize';

/** One unit of work: one asset for one target. Plain data, so it can cross to a worker thread. */
export interface AssetJob {
  id: string;
  target: TargetName;
  compression: Compression;
  catalogueFile: string;
}

/** A built asset: full detail first, then each lower level. */
export interface BuiltAsset {
  levels: { ratio: number; glb: Uint8Array; stats: FileStats }[];
  /** True when it came from the cache. */
  cached?: boolean;
}

/**
 * Runs a world asset's generator, naming the asset when it fails: the generator's own error
 * (an `assets/…` unit, or none) becomes the details.
 */
export async function generate(source: WorldAsset): Promise<Document> {
  try {
    return (await source.build()).setLogger(GLTF_LOGGER);
  } catch (cause) {
    throw new MarqueError(source.id, 'could not be built', { details: (cause as Error).message ?? String(cause), cause });
  }
}

/** Generates a world asset (unless given its document) and runs it through the pipeline for one target. */
export async function buildAsset(source: WorldAsset, job: AssetJob, generated?: Document): Promise<BuiltAsset> {
  const document = generated ?? (await generate(source));
  const offers = source.variants && Object.keys(source.variants).length > 0 ? source.variants : undefined;
  const result = await optimizeDocument(document, {
    target: job.target,
    compression: job.compression,
    lods: source.lod ? LOD_RATIOS : [],
    variants: offers ? { catalogue: await loadCatalogue(job.catalogueFile), offers, catalogueFile: job.catalogueFile } : undefined,
    unit: `${source.id} (${job.target})`,
  });
  return { levels: [result, ...result.lods].map(({ ratio, glb, stats }) => ({ ratio, glb, stats })) };
}
