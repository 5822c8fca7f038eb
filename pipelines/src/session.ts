import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { WORLD_ASSETS, type WorldAsset, type ZoneId } from '../../assets/src/world';
import { type AssetJob, buildAsset, type BuiltAsset, generate } from './build-asset';
import type { Document } from '@gltf-transform/core';
import { cacheKey, CACHE_DIR, FileCache, pipelineCodeHash } from './cache';
import { createIO } from './create-io';
import { CATALOGUE_FILE, loadCatalogue, type VariantCategory } from './catalogue';
import { BudgetError, PipelineError } from './errors';
import { type Compression, type FileStats, optimizeDocument, type OptimizeOptions, type OptimizedAsset } from './optimize';
import { hashedName, removeStale, writeAtomic } from './publish';
import { readInput } from './read-input';
import { REPO_ROOT } from './repo-root';
import { type Budget, TARGET_NAMES, TARGETS, type TargetName } from './targets';
import { assertValid, validateGlb, type ValidationReport } from './transforms/validate-glb';

export { REPO_ROOT };

/** A lower level of detail of a published asset. */
export interface ManifestLod {
  /** Triangle ratio asked of the simplifier. */
  ratio: number;
  file: string;
  bytes: number;
  gzipBytes: number;
  triangles: number;
  drawCalls: number;
}

/** One published asset in the manifest. */
export interface ManifestEntry extends FileStats {
  id: string;
  name: string;
  kind: WorldAsset['kind'];
  year?: number;
  /** File name in the output folder, content-hashed: `<id>.<hash>.glb`. */
  file: string;
  /** Variant codes offered per category, default first (KHR_materials_variants `category/CODE`). */
  variants?: Partial<Record<VariantCategory, string[]>>;
  /** Lower levels of detail, most detailed first; empty when the asset has none. */
  lods: ManifestLod[];
}

/** A zone's assets on one target, their sum and the budget the sum is held to. */
export interface ZoneManifest {
  /** Assets published in this zone, each listed in exactly one zone of a target. */
  assets: ManifestEntry[];
  /**
   * Ids of assets listed in another zone that this zone shows too (the current model's car),
   * counted in `totals`; resolve them with {@link zoneEntries}. Absent when there are none.
   */
  shows?: string[];
  /** Everything the zone shows, its own assets and those it shows from other zones. */
  totals: FileStats;
  budget: Budget;
}

/** `manifest.json`: what is published, per target and zone, in source order. */
export interface WorldManifest {
  version: 2;
  targets: Partial<Record<TargetName, { zones: Partial<Record<ZoneId, ZoneManifest>> }>>;
  /** Display names of the catalogue's codes, for configurators. */
  catalogue: Record<VariantCategory, Record<string, { name: string; baseColor: string }>>;
}

/** Progress of a build: `done` of `total` asset×target jobs finished, the last one named. */
export type ProgressListener = (done: number, total: number, label: string, cached: boolean) => void;

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
  outDir: path.join(REPO_ROOT, 'client', 'public', 'assets'),
  sources: WORLD_ASSETS,
  targets: TARGET_NAMES,
  compression: 'meshopt',
  budgets: {} as Partial<Record<TargetName, Budget>>,
  catalogueFile: CATALOGUE_FILE,
  cacheDir: CACHE_DIR,
  workers: Math.max(1, availableParallelism()),
  onProgress: () => {},
} as const satisfies BuildWorldOptions;

export const MANIFEST_FILE = 'manifest.json';

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Builds every source for every target, holds each zone to its budget, and publishes:
 * content-hashed glbs first (atomically), then `manifest.json` (atomically, last), then
 * removes hashed files the new manifest no longer lists. Everything is built and checked
 * before anything is written, so a failure (an invalid output, a zone over budget, an
 * unknown variant code) leaves the previous publication untouched.
 *
 * Work is cached by a key of the asset, the target, the options and the pipeline's code
 * (see pipelineCodeHash), and spread over worker threads.
 */
export async function buildWorld(options: BuildWorldOptions = {}): Promise<WorldManifest> {
  const settings = { ...BUILD_WORLD_DEFAULTS, ...options };
  const { outDir, sources, targets, compression, catalogueFile, onProgress } = settings;
  checkSources(sources);
  const catalogue = await loadCatalogue(catalogueFile);
  const cache = settings.cacheDir === false ? undefined : new FileCache(settings.cacheDir);
  const code = await pipelineCodeHash();

  const jobs = targets.flatMap((target) => sources.map((source) => ({ source, job: { id: source.id, target, compression, catalogueFile } })));
  const inWorkers = sources === WORLD_ASSETS && settings.workers > 0;
  const pool = inWorkers ? await createPool(Math.min(settings.workers, jobs.length)) : undefined;
  let done = 0;
  // Targets with the same settings (quest and mobile by default) share one build.
  const builds = new Map<string, Promise<BuiltAsset>>();
  const buildOnce = async (source: WorldAsset, job: AssetJob): Promise<BuiltAsset> => {
    const { maxTextureSize, textureFormat } = TARGETS[job.target];
    // The world's own assets are keyed by id (their code is in the code hash); custom sources
    // by what their generator produces, generated here once per job and handed to the build.
    let generated: Document | undefined;
    let input: string = source.id;
    if (sources !== WORLD_ASSETS) {
      generated = await generate(source);
      input = createHash('sha256').update(await (await createIO()).writeBinary(generated)).digest('hex');
    }
    const key = cacheKey({ code, input, variants: source.variants, lod: source.lod, compression: job.compression, maxTextureSize, textureFormat, catalogue });
    let build = builds.get(key);
    if (!build) {
      build = cachedBuild(key, () => (pool ? pool.run(job) : buildAsset(source, job, generated)));
      builds.set(key, build);
    }
    return build;
  };
  const cachedBuild = async (key: string, work: () => Promise<BuiltAsset>): Promise<BuiltAsset> => {
    const level = (i: number): string => `level${i}.glb`;
    const meta = await cache?.get(key, ['stats.json']);
    if (meta) {
      const levels = JSON.parse(new TextDecoder().decode(meta.get('stats.json'))) as { ratio: number; stats: FileStats }[];
      const files = await cache!.get(key, levels.map((_, i) => level(i)));
      if (files) return { levels: levels.map((l, i) => ({ ...l, glb: files.get(level(i))! })), cached: true };
    }
    const built = await work();
    if (cache) {
      const files = new Map<string, Uint8Array | string>(built.levels.map((l, i) => [level(i), l.glb]));
      files.set('stats.json', JSON.stringify(built.levels.map(({ ratio, stats }) => ({ ratio, stats }))));
      await cache.set(key, files);
    }
    return built;
  };
  let results: BuiltAsset[];
  try {
    results = await Promise.all(
      jobs.map(async ({ source, job }) => {
        const built = await buildOnce(source, job);
        onProgress(++done, jobs.length, `${source.id} (${job.target})`, built.cached === true);
        return built;
      }),
    );
  } finally {
    await pool?.destroy();
  }

  const manifest: WorldManifest = {
    version: 2,
    targets: {},
    catalogue: Object.fromEntries(
      Object.entries(catalogue).map(([category, codes]) => [
        category,
        Object.fromEntries(Object.entries(codes).map(([c, f]) => [c, { name: f.name, baseColor: f.baseColor }])),
      ]),
    ) as WorldManifest['catalogue'],
  };
  const files = new Map<string, Uint8Array>();
  jobs.forEach(({ source, job }, i) => {
    const [full, ...lods] = results[i].levels;
    const entry: ManifestEntry = {
      id: source.id,
      name: source.name,
      kind: source.kind,
      ...(source.year !== undefined ? { year: source.year } : {}),
      file: hashedName(source.id, full.glb),
      ...full.stats,
      ...(source.variants ? { variants: copyVariants(source.variants) } : {}),
      lods: lods.map((lod, n) => ({
        ratio: lod.ratio,
        file: hashedName(`${source.id}-lod${n + 1}`, lod.glb),
        bytes: lod.stats.bytes,
        gzipBytes: lod.stats.gzipBytes,
        triangles: lod.stats.triangles,
        drawCalls: lod.stats.drawCalls,
      })),
    };
    files.set(entry.file, full.glb);
    lods.forEach((lod, n) => files.set(entry.lods[n].file, lod.glb));
    const zones = (manifest.targets[job.target] ??= { zones: {} }).zones;
    const zoneOf = (id: ZoneId): ZoneManifest =>
      (zones[id] ??= { assets: [], totals: emptyStats(), budget: settings.budgets[job.target] ?? TARGETS[job.target].budget });
    zoneOf(source.zone).assets.push(entry);
    addStats(zoneOf(source.zone).totals, entry);
    // Published once; every other zone that shows it refers to it and pays for it.
    for (const other of source.shownIn ?? []) {
      (zoneOf(other).shows ??= []).push(entry.id);
      addStats(zoneOf(other).totals, entry);
    }
  });
  checkBudgets(manifest);

  await mkdir(outDir, { recursive: true });
  for (const [name, glb] of files) {
    // Same name, same content: an unchanged file is not rewritten.
    if ((await sizeOf(path.join(outDir, name))) !== glb.byteLength) await writeAtomic(path.join(outDir, name), glb);
  }
  await writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await removeStale(outDir, new Set(files.keys()));
  return manifest;
}

function copyVariants(offers: NonNullable<WorldAsset['variants']>): NonNullable<ManifestEntry['variants']> {
  return Object.fromEntries(Object.entries(offers).map(([category, codes]) => [category, [...(codes ?? [])]]));
}

function emptyStats(): FileStats {
  return { triangles: 0, drawCalls: 0, textureBytes: 0, bytes: 0, gzipBytes: 0 };
}

function addStats(totals: FileStats, entry: FileStats): void {
  for (const key of Object.keys(totals) as (keyof FileStats)[]) totals[key] += entry[key];
}

const FIGURES: { key: keyof Budget; label: string; format: (n: number) => string }[] = [
  { key: 'drawCalls', label: 'draw calls', format: String },
  { key: 'triangles', label: 'triangles', format: (n) => n.toLocaleString('en') },
  { key: 'textureBytes', label: 'texture memory', format: (n) => `${(n / 2 ** 20).toFixed(1)} MB` },
];

/** Throws {@link BudgetError} naming each zone, figure and the assets that weigh most. */
export function checkBudgets(manifest: WorldManifest): void {
  const problems: string[] = [];
  for (const [target, { zones }] of Object.entries(manifest.targets)) {
    for (const [zone, z] of Object.entries(zones)) {
      if (!z) continue;
      const shown = zoneEntries(manifest, zone as ZoneId, target as TargetName);
      for (const { key, label, format } of FIGURES) {
        if (z.totals[key] <= z.budget[key]) continue;
        const heaviest = [...shown].sort((a, b) => b[key] - a[key]).slice(0, 3);
        problems.push(
          `${zone} (${target}): ${format(z.totals[key])} ${label}, over the budget of ${format(z.budget[key])}; ` +
            `heaviest: ${heaviest.map((a) => `${a.id} ${format(a[key])}`).join(', ')}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new BudgetError('pipelines/budget', `${problems.length} zone budget(s) exceeded; nothing was published`, {
      details: [...problems, 'simplify or share the heaviest assets, or move some to another zone'],
    });
  }
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
      try {
        return (await piscina.run(job)) as BuiltAsset;
      } catch (error) {
        // The worker's message starts with its own unit; say it once, with the target.
        throw new PipelineError(`${job.id} (${job.target})`, (error as Error).message.replace(/^[^:]+: /, ''));
      }
    },
    destroy: () => piscina.destroy(),
  };
}

/**
 * Everything a zone shows on a target: its own assets, then those it shows from other zones
 * (`shows`), in that order. Empty for a zone the target does not have.
 */
export function zoneEntries(manifest: WorldManifest, zone: ZoneId, target: TargetName = 'desktop'): ManifestEntry[] {
  const z = manifest.targets[target]?.zones[zone];
  if (!z) return [];
  const shown = (z.shows ?? []).map((id) => findAsset(manifest, id, target)).filter((entry) => entry !== undefined);
  return [...z.assets, ...shown];
}

/** A published asset by id on a target (desktop by default), whatever its zone. */
export function findAsset(manifest: WorldManifest, id: string, target: TargetName = 'desktop'): ManifestEntry | undefined {
  return Object.values(manifest.targets[target]?.zones ?? {})
    .flatMap((zone) => zone?.assets ?? [])
    .find((entry) => entry.id === id);
}

/** Reads a published manifest, or undefined when there is none yet. */
export async function readManifest(outDir: string = BUILD_WORLD_DEFAULTS.outDir): Promise<WorldManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST_FILE), 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PipelineError(path.join(outDir, MANIFEST_FILE), 'is not a readable manifest', { cause });
  }
  const manifest = JSON.parse(text) as WorldManifest;
  return manifest.version === 2 ? manifest : undefined;
}

/** Result of {@link optimizeFile}. */
export interface OptimizedFile extends OptimizedAsset {
  /** Absolute path of the input. */
  file: string;
  /** The validator's report on the input as given (never has errors: see optimizeFile). */
  input: ValidationReport;
}

/**
 * Runs one .glb or .gltf through the pipeline for a target. Throws InputError when the
 * file cannot be read (with the reason), and ValidationFailedError when the input or the
 * output has validator errors (each with its JSON pointer and message).
 */
export async function optimizeFile(input: string, options: OptimizeOptions = {}): Promise<OptimizedFile> {
  const source = await readInput(input);
  const inputReport = await validateGlb(source.bytes, { uri: input, externalResource: source.resource });
  assertValid(input, inputReport);
  const result = await optimizeDocument(source.document, { unit: input, ...options });
  return { ...result, file: source.file, input: inputReport };
}

function checkSources(sources: readonly WorldAsset[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (!ID.test(source.id)) {
      throw new PipelineError(source.id || '(no id)', 'is not a valid asset id: use lower-case letters, digits and dashes');
    }
    if (seen.has(source.id)) throw new PipelineError(source.id, 'is listed twice in the sources');
    seen.add(source.id);
    if (source.shownIn?.includes(source.zone)) {
      throw new PipelineError(source.id, `is published in the ${source.zone} and cannot also be shown there`, {
        details: ['list in shownIn only the other zones that show it'],
      });
    }
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
