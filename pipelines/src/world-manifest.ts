import type { WorldAsset } from '../../assets/src/world';
import type { Catalogue, CatalogueNames } from '../../protocol/src/catalogue';
import { type FileStats, type ManifestEntry, MANIFEST_VERSION, type WorldManifest, type ZoneManifest } from '../../protocol/src/manifest';
import { type Budget, TARGETS, type TargetName } from '../../protocol/src/targets';
import type { ZoneId } from '../../protocol/src/zones';
import type { AssetJob, BuiltAsset } from './build-asset';
import { hashedName } from './publish';

/** One asset for one target, and what building it gave. */
export interface BuiltJob {
  source: WorldAsset;
  job: AssetJob;
  built: BuiltAsset;
}

/** What {@link worldManifest} gives: the manifest and the files it lists, by name. */
export interface WorldPublication {
  manifest: WorldManifest;
  files: Map<string, Uint8Array>;
}

/**
 * The manifest of a build, in source order: each asset listed once per target in its zone
 * under a content-hashed name (its LODs beside it), every zone that shows it from elsewhere
 * referring to it and counting it in its totals, each zone with its budget (`budgets`
 * replacing TARGETS' defaults), and the catalogue's display names.
 */
export function worldManifest(builds: readonly BuiltJob[], catalogue: Catalogue, budgets: Partial<Record<TargetName, Budget>> = {}): WorldPublication {
  const manifest: WorldManifest = { version: MANIFEST_VERSION, targets: {}, catalogue: catalogueNames(catalogue) };
  const files = new Map<string, Uint8Array>();
  for (const { source, job, built } of builds) {
    const [full, ...lods] = built.levels;
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
      (zones[id] ??= { assets: [], totals: emptyStats(), budget: budgets[job.target] ?? TARGETS[job.target].budget });
    zoneOf(source.zone).assets.push(entry);
    addStats(zoneOf(source.zone).totals, entry);
    // Published once; every other zone that shows it refers to it and pays for it.
    for (const other of source.shownIn ?? []) {
      (zoneOf(other).shows ??= []).push(entry.id);
      addStats(zoneOf(other).totals, entry);
    }
  }
  return { manifest, files };
}

function catalogueNames(catalogue: Catalogue): CatalogueNames {
  return Object.fromEntries(
    Object.entries(catalogue).map(([category, codes]) => [
      category,
      Object.fromEntries(Object.entries(codes).map(([code, finish]) => [code, { name: finish.name, baseColor: finish.baseColor }])),
    ]),
  ) as CatalogueNames;
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
