import type { Document, Transform } from '@gltf-transform/core';
import { KHRMaterialsVariants } from '@gltf-transform/extensions';
import { applyCatalogueEntry } from '../../../assets/src/materials/pbr';
import { type Catalogue, findFinish, VARIANT_SLOTS, type VariantCategory } from '../catalogue';
import { PipelineError } from '../errors';

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
  const { catalogue, offers, catalogueFile, unit = 'asset' } = options;
  const transform = (document: Document): void => {
    const root = document.getRoot();
    const extension = document.createExtension(KHRMaterialsVariants);
    for (const [category, codes] of Object.entries(offers) as [VariantCategory, readonly string[]][]) {
      if (codes.length === 0) continue;
      const finishes = codes.map((code) => findFinish(catalogue, category, code, catalogueFile));
      const slot = VARIANT_SLOTS[category];
      const primitives = root
        .listMeshes()
        .flatMap((mesh) => mesh.listPrimitives())
        .filter((primitive) => primitive.getMaterial()?.getName() === slot);
      if (primitives.length === 0) {
        throw new PipelineError(unit, `offers ${category} codes but has no material named "${slot}" to apply them to`);
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
