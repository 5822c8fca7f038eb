import { availableParallelism } from 'node:os';
import { WORLD_ASSETS, type WorldAsset } from '../../assets/src/world';
import { MarqueError } from '../../protocol/src/errors';
import type { WorldManifest } from '../../protocol/src/manifest';
import { PUBLISHED_ASSETS_DIR } from '../../protocol/src/read-manifest';
import { type Budget, TARGET_NAMES, type TargetName } from '../../protocol/src/targets';
import { CACHE_DIR, FileCache, pipelineCodeHash } from './cache';
import { CATALOGUE_FILE, loadCatalogue } from './catalogue';
import { checkBudgets } from './check-budgets';
import type { Compression } from './optimize';
import { publishManifest } from './publish';
import { type ProgressListener, runBuilds } from './world-builds';
import { worldManifest } from './world-manifest';

/** Options for {@link buildWorld}. */
export interface BuildWorldOptions {
  /** Where glbs and manifest.json go; the client serves it as `/assets/`. */
  outDir?: string;
  /** What to publish; by default every asset in assets/src/world.ts. */
  sources?: readonly WorldAsset[];
  /** Targets to build; by default all. */
  targets?: readonly TargetName[];
  compression?: Compression;
  /** Budgets per target, replacing the defaults of TARGETS. */
  budgets?: Partial<Record<TargetName, Budget>>;
  catalogueFile?: string;
  /** Cache folder, or false to rebuild everything. */
  cacheDir?: string | false;
  /** Worker threads; 0 builds in this thread. Custom `sources` always build in this thread. */
  workers?: number;
  onProgress?: ProgressListener;
}

export const BUILD_WORLD_DEFAULTS = {
  outDir: PUBLISHED_ASSETS_DIR,
  sources: WORLD_ASSETS,
  targets: TARGET_NAMES,
  compression: 'meshopt',
  budgets: {} as Partial<Record<TargetName, Budget>>,
  catalogueFile: CATALOGUE_FILE,
  cacheDir: CACHE_DIR,
  workers: Math.max(1, availableParallelism()),
  onProgress: () => {},
} as const satisfies BuildWorldOptions;

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The pipeline's session: read (check the sources, load the catalogue) → transforms (build
 * every source for every target: see runBuilds) → write (assemble the manifest, hold each zone
 * to its budget, publish: content-hashed glbs, then `manifest.json`, then removing hashed files
 * the new manifest no longer lists). Everything is built and checked before anything is
 * written, so a failure (an invalid output, a zone over budget, an unknown variant code)
 * leaves the previous publication untouched.
 *
 * Work is cached by a key of the asset, the target, the options and the pipeline's code
 * (see pipelineCodeHash), and spread over worker threads.
 */
export async function buildWorld(options: BuildWorldOptions = {}): Promise<WorldManifest> {
  const settings = { ...BUILD_WORLD_DEFAULTS, ...options };
  const { sources, targets, compression, catalogueFile } = settings;
  checkSources(sources);
  const catalogue = await loadCatalogue(catalogueFile);

  const jobs = targets.flatMap((target) => sources.map((source) => ({ source, job: { id: source.id, target, compression, catalogueFile } })));
  const built = await runBuilds(jobs, {
    custom: sources !== WORLD_ASSETS,
    code: await pipelineCodeHash(),
    catalogue,
    cache: settings.cacheDir === false ? undefined : new FileCache(settings.cacheDir),
    workers: settings.workers,
    onProgress: settings.onProgress,
  });

  const { manifest, files } = worldManifest(
    jobs.map((job, i) => ({ ...job, built: built[i] })),
    catalogue,
    settings.budgets,
  );
  checkBudgets(manifest);
  await publishManifest(settings.outDir, manifest, files);
  return manifest;
}

function checkSources(sources: readonly WorldAsset[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (!ID.test(source.id)) {
      throw new MarqueError(source.id || '(no id)', 'is not a valid asset id: use lower-case letters, digits and dashes');
    }
    if (seen.has(source.id)) {
      throw new MarqueError(source.id, 'is listed twice in the sources', { details: 'give each source its own id' });
    }
    seen.add(source.id);
    if (source.shownIn?.includes(source.zone)) {
      throw new MarqueError(source.id, `is published in the ${source.zone} and cannot also be shown there`, {
        details: 'list in shownIn only the other zones that show it',
      });
    }
  }
}
