import { describe, expect, it } from 'vitest';
import { findAsset, type ManifestEntry, type WorldManifest, zoneEntries } from './manifest';
import { TARGETS } from './targets';

const entry = (id: string, triangles: number): ManifestEntry => ({
  id,
  name: id,
  kind: 'prop',
  file: `${id}.0123456789.glb`,
  lods: [],
  triangles,
  drawCalls: 1,
  textureBytes: 0,
  bytes: 100,
  gzipBytes: 50,
});
const totals = { triangles: 0, drawCalls: 0, textureBytes: 0, bytes: 0, gzipBytes: 0 };
const budget = TARGETS.desktop.budget;
const manifest: WorldManifest = {
  version: 2,
  targets: {
    desktop: {
      zones: {
        museum: { assets: [entry('coupe', 10), entry('hall', 20)], totals, budget },
        garage: { assets: [entry('bay', 5)], shows: ['coupe'], totals, budget },
      },
    },
    quest: { zones: { museum: { assets: [entry('coupe', 4)], totals, budget } } },
  },
  catalogue: { paint: {}, wheel: {}, caliper: {}, interior: {}, trim: {} },
};

describe('zoneEntries', () => {
  it("lists a zone's own assets, then those it shows from other zones", () => {
    expect(zoneEntries(manifest, 'garage').map((a) => a.id)).toEqual(['bay', 'coupe']);
    expect(zoneEntries(manifest, 'garage')[1]).toBe(manifest.targets.desktop!.zones.museum!.assets[0]);
    expect(zoneEntries(manifest, 'museum').map((a) => a.id)).toEqual(['coupe', 'hall']);
  });

  it('is empty for a zone or a target that was not published', () => {
    expect(zoneEntries(manifest, 'lounge')).toEqual([]);
    expect(zoneEntries(manifest, 'museum', 'mobile')).toEqual([]);
  });
});

describe('findAsset', () => {
  it('finds an asset by id on a target, whatever its zone, desktop by default', () => {
    expect(findAsset(manifest, 'bay')?.triangles).toBe(5);
    expect(findAsset(manifest, 'coupe')?.triangles).toBe(10);
    expect(findAsset(manifest, 'coupe', 'quest')?.triangles).toBe(4);
    expect(findAsset(manifest, 'bay', 'quest')).toBeUndefined();
    expect(findAsset(manifest, 'nothing')).toBeUndefined();
  });
});
