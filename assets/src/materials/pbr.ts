import { ColorUtils, type Document, type Material, type vec3 } from '@gltf-transform/core';
import { KHRMaterialsClearcoat, KHRMaterialsEmissiveStrength, KHRMaterialsSheen } from '@gltf-transform/extensions';
import { MarqueError } from '../../../protocol/src/errors';
import type { CatalogueEntry } from '../../../protocol/src/catalogue';

/** Linear-light RGB factors from an sRGB `#rrggbb` string, as glTF colour factors need. */
export function linear(hex: string): vec3 {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new MarqueError('assets/materials', `"${hex}" is not a #rrggbb colour`, { details: 'write colours as six hex digits, e.g. #c9a866' });
  return ColorUtils.hexToFactor(Number.parseInt(hex.slice(1), 16), [0, 0, 0] as vec3);
}

/**
 * Gives `material` the look of a catalogue entry, whole: base colour (its alpha kept),
 * metallic and roughness; a clear coat (KHR_materials_clearcoat) for paints, none for a
 * matte one; the strength of its flake normal map, when it has one; sheen
 * (KHR_materials_sheen) for fabrics and none otherwise. The car builder gives each part its
 * default code's look with it, and the pipeline builds every variant's material with it, so
 * a car built with its default codes already looks like its default variant.
 */
export function applyCatalogueEntry(doc: Document, material: Material, entry: CatalogueEntry): Material {
  const alpha = material.getBaseColorFactor()[3];
  material.setBaseColorFactor([...linear(entry.baseColor), alpha]).setMetallicFactor(entry.metallic).setRoughnessFactor(entry.roughness);
  if (entry.clearcoat !== undefined) {
    const clearcoat =
      entry.clearcoat > 0
        ? doc.createExtension(KHRMaterialsClearcoat).createClearcoat().setClearcoatFactor(entry.clearcoat).setClearcoatRoughnessFactor(entry.clearcoatRoughness ?? 0)
        : null;
    material.setExtension('KHR_materials_clearcoat', clearcoat);
  }
  if (entry.flake !== undefined && material.getNormalTexture()) material.setNormalScale(entry.flake);
  const sheen =
    entry.sheenColor !== undefined
      ? doc.createExtension(KHRMaterialsSheen).createSheen().setSheenColorFactor(linear(entry.sheenColor)).setSheenRoughnessFactor(entry.sheenRoughness ?? 0.5)
      : null;
  material.setExtension('KHR_materials_sheen', sheen);
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
