import { describe, expect, it } from 'vitest';
import type { ManifestEntry, WorldManifest } from '../world/shared/manifest';
import { configuratorCategories, resolveConfiguration } from './configurator-options';

const car = {
  id: 'astrale-2025',
  name: 'Astrale GT',
  kind: 'car',
  file: 'astrale-2025.0123456789.glb',
  triangles: 1,
  drawCalls: 1,
  textureBytes: 0,
  bytes: 1,
  gzipBytes: 1,
  lods: [],
  // Authored out of order, and with a category that offers no choice.
  variants: { wheel: ['W-ARGENT-20', 'W-FORGED-21'], trim: ['T-CHROME'], paint: ['P-BLEU-MINUIT', 'P-NOIR', 'P-NEW'] },
} satisfies ManifestEntry;

const catalogue: WorldManifest['catalogue'] = {
  paint: { 'P-BLEU-MINUIT': { name: 'Bleu Minuit', baseColor: '#1f3354' }, 'P-NOIR': { name: 'Noir Profond', baseColor: '#0b0b0d' } },
  wheel: { 'W-ARGENT-20': { name: 'Argent Poli 20"', baseColor: '#c8cacd' }, 'W-FORGED-21': { name: 'Forgé Graphite 21"', baseColor: '#3a3c40' } },
  caliper: {},
  interior: {},
  trim: { 'T-CHROME': { name: 'Chrome', baseColor: '#e4e5e8' } },
};

describe('configuratorCategories', () => {
  it('lists the categories with a choice in configurator order, each code with its catalogue name and colour', () => {
    const categories = configuratorCategories(car, catalogue);
    expect(categories.map((c) => [c.category, c.label])).toEqual([
      ['paint', 'Paint'],
      ['wheel', 'Wheels'],
    ]);
    expect(categories[0]!.options).toEqual([
      { code: 'P-BLEU-MINUIT', name: 'Bleu Minuit', colour: '#1f3354' },
      { code: 'P-NOIR', name: 'Noir Profond', colour: '#0b0b0d' },
      // A code the catalogue does not name still shows, under its code.
      { code: 'P-NEW', name: 'P-NEW', colour: '#808080' },
    ]);
    expect(categories[1]!.options.map((o) => o.name)).toEqual(['Argent Poli 20"', 'Forgé Graphite 21"']);
  });
});

describe('resolveConfiguration', () => {
  it("fills the car's defaults and drops codes it does not offer", () => {
    expect(resolveConfiguration(car)).toEqual({ wheel: 'W-ARGENT-20', trim: 'T-CHROME', paint: 'P-BLEU-MINUIT' });
    expect(resolveConfiguration(car, { paint: 'P-NOIR', wheel: 'W-UNKNOWN', roof: 'R-GLASS' })).toEqual({
      wheel: 'W-ARGENT-20',
      trim: 'T-CHROME',
      paint: 'P-NOIR',
    });
  });
});
