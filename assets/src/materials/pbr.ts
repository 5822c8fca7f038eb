import { ColorUtils, type Document, type Material, type vec3 } from '@gltf-transform/core';
import { KHRMaterialsClearcoat, KHRMaterialsEmissiveStrength, KHRMaterialsSheen } from '@gltf-transform/extensions';
import { AssetError } from '../asset-error';
import type { CatalogueEntry } from '../catalogue';

/** Linear-light RGB factors from an sRGB `#rrggbb` string, as glTF colour factors need. */
export function linear(hex: string): vec3 {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new AssetError('materials', `"${hex}" is not a #rrggbb colour`);
  return ColorUtils.hexToFactor(Number.parseInt(hex.slice(1), 16), [0, 0, 0] as vec3);
}

/**
 * Gives `material` the look of a catalogue entry: base colour, metallic and roughness, plus
 * a clear coat (KHR_materials_clearcoat) for paints and sheen (KHR_materials_sheen) for
 * fabrics. The pipeline's variants replace whole materials with these same values, so a car
 * built with its default codes already looks like its default variant.
 */
export function applyCatalogueEntry(doc: Document, material: Material, entry: CatalogueEntry): Material {
  material.setBaseColorFactor([...linear(entry.baseColor), 1]).setMetallicFactor(entry.metallic).setRoughnessFactor(entry.roughness);
  if (entry.clearcoat !== undefined && entry.clearcoat > 0) {
    const ext = doc.createExtension(KHRMaterialsClearcoat);
    material.setExtension(
      'KHR_materials_clearcoat',
      ext.createClearcoat().setClearcoatFactor(entry.clearcoat).setClearcoatRoughnessFactor(entry.clearcoatRoughness ?? 0),
    );
  }
  if (entry.sheenColor !== undefined) {
    const ext = doc.createExtension(KHRMaterialsSheen);
    material.setExtension(
      'KHR_materials_sheen',
      ext.createSheen().setSheenColorFactor(linear(entry.sheenColor)).setSheenRoughnessFactor(entry.sheenRoughness ?? 0.5),
    );
  }
  return material;
}

/** Makes `material` glow: `hex` at `strength` (KHR_materials_emissive_strength above 1). */
export function setEmissive(doc: Document, material: Material, hex: string, strength = 1): Material {
  material.setEmissiveFactor(linear(hex));
  if (strength !== 1) {
    const ext = doc.createExtension(KHRMaterialsEmissiveStrength);
    material.setExtension('KHR_materials_emissive_strength', ext.createEmissiveStrength().setEmissiveStrength(strength));
  }
  return material;
}
