import { describe, expect, it } from 'vitest';
import { listCars, type ManifestEntry, type WorldManifest, zoneAssets } from './manifest';

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
        arena: { assets: [entry('launch-arena', 'environment')], totals: stats, budget },
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
    expect(zoneAssets(MANIFEST, 'arena', 'desktop').map((a) => a.id)).toEqual(['launch-arena']);
    expect(zoneAssets(MANIFEST, 'lounge', 'desktop')).toEqual([]);
    expect(zoneAssets(MANIFEST, 'garage', 'quest')).toEqual([]);
  });
});

describe('listCars', () => {
  it('lists each car once, oldest first, however many zones show it', () => {
    expect(listCars(MANIFEST, 'desktop').map((a) => a.id)).toEqual(['mistral-1957', 'astrale-2025']);
  });
});
