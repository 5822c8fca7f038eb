import { describe, expect, it } from 'vitest';
import { assetUrl, listCars, type ManifestEntry, type WorldManifest, zoneAssets } from './manifest';

const stats = { triangles: 1, drawCalls: 1, textureBytes: 0, bytes: 1, gzipBytes: 1 };
const entry = (id: string, kind: ManifestEntry['kind'], year?: number): ManifestEntry => ({
  id,
  name: id,
  kind,
  ...(year ? { year } : {}),
  file: `${id}.0123456789.glb`,
  ...stats,
  lods: [],
});
const budget = { drawCalls: 100, triangles: 300_000, textureBytes: 1 };
const current = entry('astrale-2025', 'car', 2025);
const classic = entry('mistral-1957', 'car', 1957);

/** The pipeline's shape: the current model published once in the museum, shown by reference in the garage. */
const MANIFEST: WorldManifest = {
  version: 2,
  targets: {
    desktop: {
      zones: {
        museum: { assets: [classic, current, entry('museum-hall', 'environment')], totals: stats, budget },
        garage: { assets: [entry('owners-garage', 'environment')], shows: ['astrale-2025'], totals: stats, budget },
        launch: { assets: [entry('launch-venue', 'environment')], totals: stats, budget },
      },
    },
  },
  catalogue: { paint: {}, wheel: {}, caliper: {}, interior: {}, trim: {} },
};

describe('zoneAssets', () => {
  it("gives a zone its own assets, then the cars it shows from another zone's listing", () => {
    expect(zoneAssets(MANIFEST, 'garage', 'desktop').map((a) => a.id)).toEqual(['owners-garage', 'astrale-2025']);
    expect(zoneAssets(MANIFEST, 'garage', 'desktop')[1]).toBe(current);
    expect(zoneAssets(MANIFEST, 'museum', 'desktop').map((a) => a.id)).toEqual(['mistral-1957', 'astrale-2025', 'museum-hall']);
    // A manifest without `shows` (older, or a zone with no car) still reads.
    expect(zoneAssets(MANIFEST, 'launch', 'desktop').map((a) => a.id)).toEqual(['launch-venue']);
    expect(zoneAssets(MANIFEST, 'lounge', 'desktop')).toEqual([]);
    expect(zoneAssets(MANIFEST, 'garage', 'quest')).toEqual([]);
  });
});

describe('listCars', () => {
  it('lists each car once, oldest first, however many zones show it', () => {
    expect(listCars(MANIFEST, 'desktop').map((a) => a.id)).toEqual(['mistral-1957', 'astrale-2025']);
  });
});

describe('assetUrl', () => {
  it('gives a level of detail where asked, the lowest there is where it has fewer, the asset itself where it has none', () => {
    const lod = (n: number) => ({ ratio: 0.5 / n, file: `astrale-2025-lod${n}.abc.glb`, bytes: 1, gzipBytes: 1, triangles: 1, drawCalls: 1 });
    const car = { ...current, lods: [lod(1), lod(2)] };
    expect(assetUrl(car)).toBe('/assets/astrale-2025.0123456789.glb');
    expect(assetUrl(car, 1)).toBe('/assets/astrale-2025-lod1.abc.glb');
    expect(assetUrl(car, 5)).toBe('/assets/astrale-2025-lod2.abc.glb');
    expect(assetUrl(classic, 1)).toBe('/assets/mistral-1957.0123456789.glb');
  });
});
