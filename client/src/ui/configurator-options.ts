import { t } from '../i18n/i18n';
import type { VariantCategory } from '../../../protocol/src/catalogue';
import type { ManifestEntry, WorldManifest } from '../world/shared/manifest';
import type { Configuration } from '../world/shared/variants';

/** One code a car offers in a category, as a configurator shows it. */
export interface ConfiguratorOption {
  /** Catalogue code, e.g. `P-NOIR`. */
  code: string;
  /** Display name from the catalogue, e.g. `Noir Profond`; the code when the catalogue lacks it. */
  name: string;
  /** sRGB `#rrggbb` of the finish, for its swatch. */
  colour: string;
}

/** A category the car offers, its codes in the car's order (its default first). */
export interface ConfiguratorCategory {
  category: VariantCategory;
  /** Heading, e.g. `Wheels`. */
  label: string;
  options: ConfiguratorOption[];
}

// Each category's heading, by translation key.
const CATEGORY_KEYS: Readonly<Record<VariantCategory, string>> = {
  paint: 'configurator.paint',
  wheel: 'configurator.wheel',
  caliper: 'configurator.caliper',
  interior: 'configurator.interior',
  trim: 'configurator.trim',
};

/** A category's heading in the page's language (an unknown category as it is named). */
export function categoryLabel(category: string): string {
  return Object.hasOwn(CATEGORY_KEYS, category) ? t(CATEGORY_KEYS[category as VariantCategory]) : category;
}

/** Headings in English, in the order a configurator lists the categories (see {@link categoryLabel} for the page's language). */
export const CATEGORY_LABELS: Readonly<Record<VariantCategory, string>> = {
  paint: 'Paint',
  wheel: 'Wheels',
  caliper: 'Brake calipers',
  interior: 'Interior',
  trim: 'Trim',
};

/**
 * What a car's configurator offers: every category the car has codes for (in
 * {@link CATEGORY_LABELS}' order), each code with its display name and colour from the
 * manifest's catalogue. A category with a single code is left out: there is nothing to choose.
 */
export function configuratorCategories(car: ManifestEntry, catalogue: WorldManifest['catalogue']): ConfiguratorCategory[] {
  return (Object.keys(CATEGORY_LABELS) as VariantCategory[]).flatMap((category) => {
    const codes = car.variants?.[category] ?? [];
    if (codes.length < 2) return [];
    const options = codes.map((code) => {
      const finish = catalogue[category]?.[code];
      return { code, name: finish?.name ?? code, colour: finish?.baseColor ?? '#808080' };
    });
    return [{ category, label: categoryLabel(category), options }];
  });
}

/**
 * The configuration a car shows: the chosen code per category where the car offers it, its
 * default (the first code) elsewhere. Codes the car does not offer are dropped.
 */
export function resolveConfiguration(car: ManifestEntry, configuration: Configuration = {}): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [category, codes] of Object.entries(car.variants ?? {})) {
    if (!codes || codes.length === 0) continue;
    const chosen = configuration[category];
    resolved[category] = chosen && codes.includes(chosen) ? chosen : codes[0]!;
  }
  return resolved;
}
