import type { ManifestEntry, WorldManifest } from '../../../../pipelines/src/session';

export type { ManifestEntry, WorldManifest };

let manifest: Promise<WorldManifest> | undefined;

/** The published assets, fetched once per page. */
export function loadManifest(): Promise<WorldManifest> {
  manifest ??= fetch('/assets/manifest.json').then(async (response) => {
    if (!response.ok) {
      throw new Error(`assets: /assets/manifest.json answered ${response.status}; run \`npm run assets\``);
    }
    return (await response.json()) as WorldManifest;
  });
  return manifest;
}

/** URL of a published file. */
export function assetUrl(entry: ManifestEntry): string {
  return `/assets/${entry.file}`;
}
