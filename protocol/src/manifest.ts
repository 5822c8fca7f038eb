import type { CatalogueNames, VariantCategory } from './catalogue';
import type { Budget, TargetName } from './targets';
import type { ZoneId } from './zones';

/**
 * The format of `manifest.json`, which the pipeline publishes beside the world's glbs and the
 * client and server read: what is published, per target and zone, and what each costs.
 */

/** The manifest's format version; a manifest of another version is from an older pipeline. */
export const MANIFEST_VERSION = 2;

/** The manifest's file name in the published folder (the client fetches `/assets/manifest.json`). */
export const MANIFEST_FILE = 'manifest.json';

/** What the world publishes: cars, one environment per zone, props. */
export type AssetKind = 'car' | 'environment' | 'prop';

/** What a scene costs to draw. */
export interface SceneStats {
  /** Triangles drawn, counting every instance of a shared or GPU-instanced mesh. */
  triangles: number;
  /** Draw calls: one per primitive per node; a GPU-instanced node draws each primitive once. */
  drawCalls: number;
  /**
   * Estimated GPU memory of the textures, mipmaps included: 4 bytes a pixel for images the
   * GPU gets decoded (PNG, JPEG, WebP), 1 byte a pixel for KTX2 (transcoded to BC7/ASTC/ETC2).
   */
  textureBytes: number;
}

/** Sizes and costs of one published file. */
export interface FileStats extends SceneStats {
  bytes: number;
  gzipBytes: number;
}

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
  kind: AssetKind;
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
  version: typeof MANIFEST_VERSION;
  targets: Partial<Record<TargetName, { zones: Partial<Record<ZoneId, ZoneManifest>> }>>;
  /** Display names of the catalogue's codes, for configurators. */
  catalogue: CatalogueNames;
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
