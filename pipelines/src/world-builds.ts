import { createHash } from 'node:crypto';
import type { Document } from '@gltf-transform/core';
import type { WorldAsset } from '../../assets/src/world';
import type { Catalogue } from '../../protocol/src/catalogue';
import { MarqueError } from '../../protocol/src/errors';
import type { FileStats } from '../../protocol/src/manifest';
import { TARGETS } from '../../protocol/src/targets';
import { type AssetJob, buildAsset, type BuiltAsset, generate } from './build-asset';
import { cacheKey, type FileCache } from './cache';
import { createIO } from '../../protocol/src/gltf-io';
import type { WorkerOutcome } from './worker';

/** Progress of a build: `done` of `total` asset×target jobs finished, the last one named. */
export type ProgressListener = (done: number, total: number, label: string, cached: boolean) => void;

/** One asset for one target. */
export interface WorldJob {
  source: WorldAsset;
  job: AssetJob;
}

/** Options of {@link runBuilds}. */
export interface RunBuildsOptions {
  /**
   * True for sources other than the world's own (WORLD_ASSETS): they are built in this thread
   * (a worker can only find the world's assets by id) and keyed by what their generator gives.
   */
  custom: boolean;
  /** The pipeline's code hash (see pipelineCodeHash): part of every cache key. */
  code: string;
  /** The checked catalogue: part of every cache key. */
  catalogue: Catalogue;
  cache?: FileCache;
  /** Worker threads for the world's own assets; 0 builds in this thread. */
  workers: number;
  onProgress: ProgressListener;
}

/**
 * Builds every job, in job order. Jobs whose settings are the same (the quest and mobile
 * targets by default) share one build; each build is served from the cache when it holds one
 * for its key (the asset, the target's texture settings, the options, the catalogue and the
 * pipeline's code) and stored there otherwise.
 */
export async function runBuilds(jobs: readonly WorldJob[], options: RunBuildsOptions): Promise<BuiltAsset[]> {
  const { custom, code, catalogue, cache, onProgress } = options;
  const pool = !custom && options.workers > 0 ? await createPool(Math.min(options.workers, jobs.length)) : undefined;
  const builds = new Map<string, Promise<BuiltAsset>>();
  const buildOnce = async ({ source, job }: WorldJob): Promise<BuiltAsset> => {
    const { maxTextureSize, textureFormat } = TARGETS[job.target];
    // The world's own assets are keyed by id (their code is in the code hash); custom sources
    // by what their generator produces, generated here once per job and handed to the build.
    let generated: Document | undefined;
    let input: string = source.id;
    if (custom) {
      generated = await generate(source);
      input = createHash('sha256').update(await (await createIO()).writeBinary(generated)).digest('hex');
    }
    const key = cacheKey({ code, input, variants: source.variants, lod: source.lod, compression: job.compression, maxTextureSize, textureFormat, catalogue });
    let build = builds.get(key);
    if (!build) {
      build = cachedBuild(cache, key, () => (pool ? pool.run(job) : buildAsset(source, job, generated)));
      builds.set(key, build);
    }
    return build;
  };
  let done = 0;
  try {
    return await Promise.all(
      jobs.map(async (world) => {
        const built = await buildOnce(world);
        onProgress(++done, jobs.length, `${world.source.id} (${world.job.target})`, built.cached === true);
        return built;
      }),
    );
  } finally {
    await pool?.destroy();
  }
}

async function cachedBuild(cache: FileCache | undefined, key: string, work: () => Promise<BuiltAsset>): Promise<BuiltAsset> {
  const level = (i: number): string => `level${i}.glb`;
  const meta = await cache?.get(key, ['stats.json']);
  if (cache && meta) {
    const levels = JSON.parse(new TextDecoder().decode(meta.get('stats.json'))) as { ratio: number; stats: FileStats }[];
    const files = await cache.get(key, levels.map((_, i) => level(i)));
    if (files) return { levels: levels.map((l, i) => ({ ...l, glb: files.get(level(i))! })), cached: true };
  }
  const built = await work();
  if (cache) {
    const files = new Map<string, Uint8Array | string>(built.levels.map((l, i) => [level(i), l.glb]));
    files.set('stats.json', JSON.stringify(built.levels.map(({ ratio, stats }) => ({ ratio, stats }))));
    await cache.set(key, files);
  }
  return built;
}

interface Pool {
  run(job: AssetJob): Promise<BuiltAsset>;
  destroy(): Promise<void>;
}

async function createPool(threads: number): Promise<Pool> {
  const { Piscina } = await import('piscina');
  const piscina = new Piscina({
    filename: new URL('./worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Workers load TypeScript through tsx whether the parent is tsx or vitest.
    execArgv: ['--import', 'tsx'],
  });
  return {
    run: async (job) => {
      let outcome: WorkerOutcome;
      try {
        outcome = (await piscina.run(job)) as WorkerOutcome;
      } catch (cause) {
        throw new MarqueError(`${job.id} (${job.target})`, 'could not be built in a worker thread', {
          details: [(cause as Error).message ?? String(cause), 'run with `workers: 0` (in this thread) to see where it fails'].join('\n'),
          cause,
        });
      }
      if ('built' in outcome) return outcome.built;
      // The worker's error names its own unit; say it once, with the target.
      throw new MarqueError(`${job.id} (${job.target})`, outcome.failure.shortMessage, { details: outcome.failure.details });
    },
    destroy: () => piscina.destroy(),
  };
}
