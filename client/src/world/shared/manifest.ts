import type { ManifestEntry, WorldManifest, ZoneManifest } from '../../../../protocol/src/manifest';
import type { TargetName } from '../../../../protocol/src/targets';
import type { ZoneId } from '../../../../protocol/src/zones';
import { MarqueError } from '../../../../protocol/src/errors';

export type { ManifestEntry, TargetName, WorldManifest, ZoneId, ZoneManifest };

let manifest: Promise<WorldManifest> | undefined;
let manifestFailed = false;

/** The published assets, fetched once per page (again after {@link retryManifest} when that failed). */
export function loadManifest(): Promise<WorldManifest> {
  if (manifest) return manifest;
  const fetched = fetch('/assets/manifest.json').catch((error: unknown) => {
    throw new MarqueError('assets', `/assets/manifest.json could not be fetched (${error instanceof Error ? error.message : String(error)}); check the connection`);
  });
  manifest = fetched.then(async (response) => {
    if (!response.ok) {
      throw new MarqueError('assets', `/assets/manifest.json answered ${response.status}; run \`npm run assets\``);
    }
    const parsed = (await response.json()) as WorldManifest;
    if (parsed.version !== 2) throw new MarqueError('assets', '/assets/manifest.json is from an older pipeline; run `npm run assets`');
    return parsed;
  });
  manifest.catch(() => {
    manifestFailed = true;
  });
  return manifest;
}

/**
 * Forgets a manifest that failed to load, so that the next {@link loadManifest} asks the server
 * again (the zone's "Try again"); a manifest that loaded is kept.
 */
export function retryManifest(): void {
  if (!manifestFailed) return;
  manifest = undefined;
  manifestFailed = false;
}

/**
 * Which build of the assets this device gets: `?target=` when given (tests, comparisons),
 * `quest` in a standalone headset's browser, `mobile` on a touch-first small screen,
 * `desktop` otherwise.
 */
export function pickTarget(): TargetName {
  const asked = new URLSearchParams(location.search).get('target');
  if (asked === 'desktop' || asked === 'quest' || asked === 'mobile') return asked;
  if (/OculusBrowser|Quest|Pico|Wolvic/i.test(navigator.userAgent)) return 'quest';
  if (matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 900) return 'mobile';
  return 'desktop';
}

/**
 * Everything a zone shows on this device's target: its own assets, then those it shows from
 * other zones (the current model's car, published once in the museum); empty for a zone the
 * target does not have. The pipeline's budgets count exactly these (pipelines' zoneEntries).
 */
export function zoneAssets(published: WorldManifest, zone: ZoneId, target: TargetName = pickTarget()): ManifestEntry[] {
  const z = published.targets[target]?.zones[zone];
  if (!z) return [];
  const elsewhere = Object.values(published.targets[target]?.zones ?? {}).flatMap((other) => other?.assets ?? []);
  const shown = (z.shows ?? []).flatMap((id) => elsewhere.filter((entry) => entry.id === id));
  return [...z.assets, ...shown];
}

/** The marque's cars, oldest first, each once, wherever they are shown. */
export function listCars(published: WorldManifest, target: TargetName = pickTarget()): ManifestEntry[] {
  return Object.values(published.targets[target]?.zones ?? {})
    .flatMap((zone) => zone?.assets ?? [])
    .filter((entry) => entry.kind === 'car')
    .sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
}

/**
 * URL of a published file: the asset itself, or with `lod` > 0 its `lod`-th lower level of
 * detail (the lowest it has where it has fewer; the asset itself where it has none).
 */
export function assetUrl(entry: Pick<ManifestEntry, 'file'> & { lods?: readonly { file: string }[] }, lod = 0): string {
  const levels = entry.lods ?? [];
  const file = lod > 0 && levels.length > 0 ? levels[Math.min(lod, levels.length) - 1]!.file : entry.file;
  return `/assets/${file}`;
}
