/** One published model, as the pipeline's manifest lists it. */
export interface ManifestEntry {
  id: string;
  name: string;
  year: number;
  /** File name under `/assets/`, content-hashed. */
  file: string;
  bytes: number;
  triangles: number;
  drawCalls: number;
}

/** `client/public/assets/manifest.json`, written by `npm run assets`. */
export interface WorldManifest {
  zones: Record<string, ManifestEntry[]>;
}

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
