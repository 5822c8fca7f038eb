import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Document, Transform } from '@gltf-transform/core';
import { PipelineError, ValidationFailedError } from './errors';
import { createIO, PIPELINE_LOGGER } from './create-io';
import { hashedName, removeStale, writeAtomic } from './publish';
import { readInput } from './read-input';
import { sceneStats } from './scene-stats';
import { clean } from './transforms/clean';
import { formatIssue, validateGlb, type ValidationReport } from './transforms/validate-glb';
import { WORLD_SOURCES } from './world-sources';

/** Repository root (this file is pipelines/src/session.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Something the world publishes: built on demand, placed in a zone. */
export interface AssetSource {
  /** Lower-case letters, digits and dashes; becomes the file name. */
  id: string;
  name: string;
  year: number;
  /** Zone of the world that shows it, e.g. `museum`. */
  zone: string;
  build: () => Document | Promise<Document>;
}

/** One published model in the manifest. */
export interface ManifestEntry {
  id: string;
  name: string;
  year: number;
  /** File name in the output folder, content-hashed: `<id>.<hash>.glb`. */
  file: string;
  bytes: number;
  triangles: number;
  drawCalls: number;
}

/** `manifest.json`: what is published, per zone, in source order. */
export interface WorldManifest {
  version: 1;
  zones: Record<string, ManifestEntry[]>;
}

/** Options for {@link buildWorld}. */
export interface BuildWorldOptions {
  /** Where glbs and manifest.json go; the client serves it as `/assets/`. */
  outDir?: string;
  /** What to publish; by default every model in assets/src. */
  sources?: readonly AssetSource[];
  /** Steps run on every document before it is written. */
  transforms?: readonly Transform[];
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export const BUILD_WORLD_DEFAULTS: Required<BuildWorldOptions> = {
  outDir: path.join(REPO_ROOT, 'client', 'public', 'assets'),
  sources: WORLD_SOURCES,
  transforms: [clean()],
  log: () => {},
};

export const MANIFEST_FILE = 'manifest.json';

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Builds every source, cleans it, writes it as GLB, validates it, and publishes the lot:
 * content-hashed glbs first (atomically), then `manifest.json` (atomically, last), then
 * removes hashed files the new manifest no longer lists. Every output is validated before
 * anything is written, so one invalid asset leaves the previous publication untouched.
 */
export async function buildWorld(options: BuildWorldOptions = {}): Promise<WorldManifest> {
  const { outDir, sources, transforms, log } = { ...BUILD_WORLD_DEFAULTS, ...options };
  checkSources(sources);
  const io = await createIO();

  const built: { source: AssetSource; entry: ManifestEntry; glb: Uint8Array }[] = [];
  for (const source of sources) {
    const started = performance.now();
    let document: Document;
    try {
      document = (await source.build()).setLogger(PIPELINE_LOGGER);
      await document.transform(...transforms);
    } catch (cause) {
      if (cause instanceof PipelineError) throw cause;
      throw new PipelineError(source.id, 'could not be built', { details: [(cause as Error).message ?? String(cause)], cause });
    }
    const glb = await io.writeBinary(document);
    assertValid(source.id, await validateGlb(glb, { uri: `${source.id}.glb` }));
    const entry: ManifestEntry = {
      id: source.id,
      name: source.name,
      year: source.year,
      file: hashedName(source.id, glb),
      bytes: glb.byteLength,
      ...sceneStats(document),
    };
    built.push({ source, entry, glb });
    log(`${source.id}: ${entry.file}, ${entry.triangles} triangles, ${Math.round(performance.now() - started)} ms`);
  }

  await mkdir(outDir, { recursive: true });
  const manifest: WorldManifest = { version: 1, zones: {} };
  for (const { source, entry, glb } of built) {
    const target = path.join(outDir, entry.file);
    // Same name, same content: an unchanged model is not rewritten.
    if ((await sizeOf(target)) !== glb.byteLength) await writeAtomic(target, glb);
    (manifest.zones[source.zone] ??= []).push(entry);
  }
  await writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const removed = await removeStale(outDir, new Set(built.map(({ entry }) => entry.file)));
  if (removed.length > 0) log(`removed ${removed.join(', ')}`);
  return manifest;
}

/** Reads a published manifest, or undefined when there is none yet. */
export async function readManifest(outDir: string = BUILD_WORLD_DEFAULTS.outDir): Promise<WorldManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')) as WorldManifest;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PipelineError(path.join(outDir, MANIFEST_FILE), 'is not a readable manifest', { cause });
  }
}

/** Options for {@link processFile}. */
export interface ProcessFileOptions {
  /** Steps run on the document; by default the same as for the world's own models. */
  transforms?: readonly Transform[];
}

/** Result of {@link processFile}. */
export interface ProcessedFile {
  /** Absolute path of the input. */
  file: string;
  /** The validator's report on the input as given. */
  input: ValidationReport;
  /** The validator's report on the processed output (never has errors: see processFile). */
  output: ValidationReport;
  /** The processed output, as GLB. */
  glb: Uint8Array;
  triangles: number;
  drawCalls: number;
}

/**
 * Runs one .glb or .gltf through the same read → transforms → write → validate path as the
 * world's models. Throws {@link InputError} when the file cannot be read (with the reason),
 * and {@link ValidationFailedError} when the output has validator errors. Compressed
 * geometry (Draco, meshopt) is decoded and written uncompressed; compression is a later
 * pipeline step.
 */
export async function processFile(input: string, options: ProcessFileOptions = {}): Promise<ProcessedFile> {
  const transforms = options.transforms ?? BUILD_WORLD_DEFAULTS.transforms;
  const source = await readInput(input);
  const inputReport = await validateGlb(source.bytes, { uri: input, externalResource: source.resource });

  const { document } = source;
  for (const extension of document.getRoot().listExtensionsUsed()) {
    if (extension.extensionName === 'KHR_draco_mesh_compression' || extension.extensionName === 'EXT_meshopt_compression') {
      extension.dispose();
    }
  }
  await document.transform(...transforms);
  const io = await createIO();
  const glb = await io.writeBinary(document);
  const output = await validateGlb(glb, { uri: `${path.basename(input)} (processed)` });
  assertValid(input, output);
  return { file: source.file, input: inputReport, output, glb, ...sceneStats(document) };
}

/** Throws {@link ValidationFailedError} listing the errors when a report has any. */
export function assertValid(unit: string, report: ValidationReport): void {
  if (report.errors === 0) return;
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  const shown = errors.slice(0, 10).map(formatIssue);
  if (report.errors > shown.length) shown.push(`… and ${report.errors - shown.length} more`);
  throw new ValidationFailedError(unit, `failed glTF validation with ${report.errors} error(s); nothing was published`, {
    details: shown,
  });
}

function checkSources(sources: readonly AssetSource[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (!ID.test(source.id)) {
      throw new PipelineError(source.id || '(no id)', 'is not a valid asset id: use lower-case letters, digits and dashes');
    }
    if (seen.has(source.id)) throw new PipelineError(source.id, 'is listed twice in the sources');
    seen.add(source.id);
  }
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
