import { z } from 'zod';

/**
 * The shape of the marque's variant catalogue (assets/catalogue.json): the codes a car's
 * configuration is made of, each a concrete PBR finish. assets/ loads the file against this
 * schema, the pipeline writes the codes as KHR_materials_variants, and the client and server
 * name and check configurations with these categories.
 */

/** The configurable categories of a car, each replacing one material. */
export const VARIANT_CATEGORIES = ['paint', 'wheel', 'caliper', 'interior', 'trim'] as const;
export type VariantCategory = (typeof VARIANT_CATEGORIES)[number];

/** The material (by name, as in every car's document) that each category replaces. */
export const CATEGORY_MATERIAL: Readonly<Record<VariantCategory, string>> = {
  paint: 'paint',
  wheel: 'rim',
  caliper: 'caliper',
  interior: 'interior',
  trim: 'trim',
};

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');
const unit = z.number().min(0).max(1);
const CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

/** code → entry; a bad code is reported beside (not instead of) problems in its entry. */
function codes<T extends z.ZodType>(entry: T) {
  return z.record(z.string(), entry).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!CODE.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'codes are upper-case letters, digits and dashes, e.g. P-NOIR' });
    }
  });
}

/** A finish of any category but paint. Colours are sRGB `#rrggbb`. */
const finish = z.strictObject({
  /** Display name, as the marque's configurator shows it. */
  name: z.string().min(1),
  baseColor: hex,
  metallic: unit,
  roughness: unit,
  /** Fabrics and alcantara only (KHR_materials_sheen). */
  sheenColor: hex.optional(),
  sheenRoughness: unit.optional(),
});

/** A paint: a clear coat (0 for a matte finish) and the strength of the metallic-flake normal map under it. */
const paint = z.strictObject({
  name: z.string().min(1),
  baseColor: hex,
  metallic: unit,
  roughness: unit,
  clearcoat: unit,
  clearcoatRoughness: unit,
  flake: unit,
});

/** The catalogue's shape: every category, each a record of code → finish. */
export const catalogueSchema = z.strictObject({
  paint: codes(paint),
  wheel: codes(finish),
  caliper: codes(finish),
  interior: codes(finish),
  trim: codes(finish),
});

/** One finish: a concrete PBR material definition. */
export type CatalogueEntry = z.infer<typeof finish> & Partial<z.infer<typeof paint>>;
export type Catalogue = Readonly<Record<VariantCategory, Readonly<Record<string, CatalogueEntry>>>>;

/** What a configurator shows of a code: its display name and the colour of its swatch. */
export type CatalogueNames = Record<VariantCategory, Record<string, Pick<CatalogueEntry, 'name' | 'baseColor'>>>;
