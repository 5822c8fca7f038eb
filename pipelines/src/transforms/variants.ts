import type { Document, Transform } from '@gltf-transform/core';
import { KHRMaterialsVariants } from '@gltf-transform/extensions';
import { applyCatalogueEntry } from '../../../assets/src/materials/pbr';
import { type Catalogue, CATEGORY_MATERIAL, type VariantCategory } from '../../../protocol/src/catalogue';
import { MarqueError } from '../../../protocol/src/errors';
import { CATALOGUE_FILE, findFinish } from '../catalogue';

const NAME = 'variants';

/** Options for {@link variants}. */
export interface VariantsOptions {
  /** The marque's catalogue (see loadCatalogue). */
  catalogue: Catalogue;
  /** Codes offered per category; the first is the default the file opens with. */
  offers: Partial<Record<VariantCategory, readonly string[]>>;
  /** Catalogue file, for error messages. */
  catalogueFile?: string;
  /** Asset being built, for error messages. */
  unit?: string;
}

/** Defaults of the options that have one (the catalogue and the offers are the caller's). */
export const VARIANTS_DEFAULTS: Required<Pick<VariantsOptions, 'catalogueFile' | 'unit'>> = {
  catalogueFile: CATALOGUE_FILE,
  unit: 'asset',
};

/** Name of the KHR_materials_variants variant for a code: `paint/P-NOIR`. */
export function variantName(category: VariantCategory, code: string): string {
  return `${category}/${code}`;
}

/**
 * Writes a car's configurations as KHR_materials_variants. For each category offered, every
 * primitive whose material is the category's slot (`paint`, `rim`, `caliper`, `interior`,
 * `trim`) gets one material per code, built from the catalogue on top of the slot material
 * (so its textures, such as a flake normal map, carry over), and one variant per code,
 * named `<category>/<code>` (the look of each as assets/src/materials/pbr.ts gives it). The primitive's own material becomes the default code's, so a
 * viewer without the extension shows the default configuration. A client applies one
 * variant per category to switch a configuration without reloading the file.
 *
 * Unknown codes fail with a message naming the code and the catalogue file; a category
 * offered for a car that has no slot material for it fails too.
 */
export function variants(options: VariantsOptions): Transform {
  const { catalogue, offers, catalogueFile, unit } = { ...VARIANTS_DEFAULTS, ...options };
  const transform = (document: Document): void => {
    const root = document.getRoot();
    const extension = document.createExtension(KHRMaterialsVariants);
    for (const [category, codes] of Object.entries(offers) as [VariantCategory, readonly string[]][]) {
      if (codes.length === 0) continue;
      const finishes = codes.map((code) => findFinish(catalogue, category, code, catalogueFile));
      const slot = CATEGORY_MATERIAL[category];
      const primitives = root
        .listMeshes()
        .flatMap((mesh) => mesh.listPrimitives())
        .filter((primitive) => primitive.getMaterial()?.getName() === slot);
      if (primitives.length === 0) {
        throw new MarqueError(unit, `offers ${category} codes but has no material named "${slot}" to apply them to`, {
          details: `name the material the ${category} codes replace "${slot}", or offer no ${category} codes for it`,
        });
      }
      const base = primitives[0].getMaterial()!;
      const materials = codes.map((code, i) => applyCatalogueEntry(document, base.clone().setName(`${slot}/${code}`), finishes[i]!));
      const variantsForCodes = codes.map((code) => extension.createVariant(variantName(category, code)));
      for (const primitive of primitives) {
        const list = primitive.getExtension<ReturnType<typeof extension.createMappingList>>('KHR_materials_variants') ?? extension.createMappingList();
        materials.forEach((material, i) => list.addMapping(extension.createMapping().setMaterial(material).addVariant(variantsForCodes[i])));
        primitive.setExtension('KHR_materials_variants', list).setMaterial(materials[0]);
      }
      base.dispose();
    }
    document.getLogger().debug(`${NAME}: Complete.`);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}
