import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAR_LINE_UP } from '../../../../protocol/src/car-line-up';
import { catalogueSchema } from '../../../../protocol/src/catalogue';
import type { ManifestEntry } from '../../world/shared/manifest';
import { carFacts } from './car-facts';
import { CAR_TEXTS, carText, checkTourContent } from './tour';

const ids = CAR_LINE_UP.map((model) => model.id);
/** The catalogue the pipeline publishes the names from. */
const CATALOGUE = catalogueSchema.parse(JSON.parse(readFileSync(new URL('../../../../assets/catalogue.json', import.meta.url), 'utf8')));

describe("the museum's words", () => {
  it('describe every car of the line-up, with nothing missing or empty', () => {
    expect(ids).toHaveLength(6);
    expect(checkTourContent(ids)).toEqual([]);
    // No words for a car that is not built: each entry is a car of the line-up.
    expect(Object.keys(CAR_TEXTS).sort()).toEqual([...ids].sort());
  });

  it('give every car a narration, a detail paragraph and a long story that name it correctly', () => {
    for (const model of CAR_LINE_UP) {
      const text = carText(model.id)!;
      expect(text.narration.length, model.id).toBeGreaterThan(150);
      expect(text.summary.length, model.id).toBeGreaterThan(100);
      expect(text.story.join(' ').length, model.id).toBeGreaterThan(1000);
      // The narration names the car or its year, so a visitor knows where the guide is.
      expect(text.narration, model.id).toMatch(new RegExp(`${model.name.split(' ')[0]}|${model.year}`));
    }
  });

  it('give each car the dimensions it is built with (protocol/src/car-line-up.ts)', () => {
    for (const model of CAR_LINE_UP) {
      expect(carText(model.id)!.dimensions, model.id).toEqual(model.dimensions);
    }
  });

  it('name the paint each car wears in the hall as the catalogue does', () => {
    for (const model of CAR_LINE_UP) {
      const paint = model.finish.paint;
      const entry: ManifestEntry = {
        id: model.id,
        name: model.name,
        kind: 'car',
        year: model.year,
        file: `${model.id}.0000000000.glb`,
        lods: [],
        triangles: 0,
        drawCalls: 0,
        textureBytes: 0,
        bytes: 0,
        gzipBytes: 0,
        variants: { paint: [paint], wheel: [model.finish.wheel], interior: [model.finish.interior] },
      };
      const catalogue = {
        paint: Object.fromEntries(Object.entries(CATALOGUE.paint).map(([code, e]) => [code, { name: e.name, baseColor: e.baseColor }])),
        wheel: Object.fromEntries(Object.entries(CATALOGUE.wheel).map(([code, e]) => [code, { name: e.name, baseColor: e.baseColor }])),
        caliper: {},
        interior: Object.fromEntries(Object.entries(CATALOGUE.interior).map(([code, e]) => [code, { name: e.name, baseColor: e.baseColor }])),
        trim: {},
      };
      const facts = Object.fromEntries(carFacts(entry, catalogue).map((f) => [f.label, f.value]));
      expect(facts, model.id).toMatchObject({ Year: String(model.year), Paint: CATALOGUE.paint[paint]!.name });
      expect(Object.keys(facts)).toEqual(['Year', 'Body', 'Engine', 'Power', 'Size', 'Paint', 'Wheels', 'Interior']);
      // The paint named in the narration or the story is the one the car wears.
      const text = carText(model.id)!;
      expect(`${text.narration} ${text.story.join(' ')}`, model.id).toContain(CATALOGUE.paint[paint]!.name);
    }
  });

  it('report a car without words, saying where to add them', () => {
    expect(checkTourContent(['mistral-1957', 'comete-2030'])).toEqual([
      'the car "comete-2030" has no text; add its words to museumText.cars in client/src/i18n/locales/*.json and its dimensions to DIMENSIONS in client/src/zones/museum/tour.ts',
    ]);
    expect(carText('toString')).toBeUndefined();
  });
});
