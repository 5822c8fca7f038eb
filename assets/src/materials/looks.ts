import type { Document, Material } from '@gltf-transform/core';
import { KHRMaterialsSheen } from '@gltf-transform/extensions';
import { linear, setEmissive } from './pbr';
import { documentTexture, type TextureId } from './textures';

/** One look of the marque's spaces: a PBR material definition. Colours are sRGB hex. */
export interface Look {
  color: string;
  metallic?: number;
  roughness?: number;
  /** Opacity below 1 makes the material blended and double-sided (glass). */
  alpha?: number;
  baseColorTexture?: TextureId;
  /** glTF metallicRoughness layout: G roughness, B metallic. */
  metallicRoughnessTexture?: TextureId;
  normalTexture?: TextureId;
  normalScale?: number;
  sheenColor?: string;
  emissive?: string;
  emissiveStrength?: number;
}

/**
 * The palette every environment draws from, one material per look so meshes share them:
 * dark stone and terrazzo, brushed metal, warm walnut, leather, brass, glass and the light
 * strips. Named after the look, except `screen`, which the launch arena's video replaces.
 */
export const LOOKS = {
  terrazzo: { color: '#ffffff', metallic: 0, roughness: 1, baseColorTexture: 'terrazzo-color', metallicRoughnessTexture: 'terrazzo-roughness' },
  concrete: { color: '#ffffff', metallic: 0, roughness: 0.62, baseColorTexture: 'concrete-color' },
  'polished-concrete': { color: '#c9c9c6', metallic: 0, roughness: 0.2, baseColorTexture: 'concrete-color' },
  plaster: { color: '#cfc7ba', metallic: 0, roughness: 0.92 },
  charcoal: { color: '#242427', metallic: 0, roughness: 0.86 },
  'black-stone': { color: '#151517', metallic: 0, roughness: 0.26 },
  'brushed-metal': { color: '#c3c4c6', metallic: 1, roughness: 1, metallicRoughnessTexture: 'brushed-metal-roughness' },
  'dark-steel': { color: '#2b2c2f', metallic: 0.85, roughness: 0.42 },
  brass: { color: '#c39c5e', metallic: 1, roughness: 0.27 },
  walnut: { color: '#ffffff', metallic: 0, roughness: 0.48, baseColorTexture: 'wood-color' },
  leather: { color: '#6e4026', metallic: 0, roughness: 0.55, normalTexture: 'leather-normal', normalScale: 0.7 },
  fabric: { color: '#58554f', metallic: 0, roughness: 0.95, sheenColor: '#8b867c' },
  glass: { color: '#c8d4d8', metallic: 0, roughness: 0.04, alpha: 0.16 },
  'smoked-glass': { color: '#0c0d0f', metallic: 0, roughness: 0.06, alpha: 0.88 },
  rubber: { color: '#151515', metallic: 0, roughness: 0.9 },
  'robot-paint': { color: '#e4e1da', metallic: 0.1, roughness: 0.35 },
  ochre: { color: '#c0902c', metallic: 0, roughness: 0.55 },
  'light-warm': { color: '#fff3e2', metallic: 0, roughness: 0.5, emissive: '#ffe9cc', emissiveStrength: 4 },
  'light-cool': { color: '#eef3ff', metallic: 0, roughness: 0.5, emissive: '#e8efff', emissiveStrength: 3 },
  'sign-glow': { color: '#ffffff', metallic: 0, roughness: 0.5, emissive: '#fff8ee', emissiveStrength: 2 },
  screen: { color: '#060607', metallic: 0, roughness: 0.35, emissive: '#20232b' },
} as const satisfies Record<string, Look>;

export type LookName = keyof typeof LOOKS;

/** Creates the material for a look, with its textures (shared within the document). */
export async function createLook(doc: Document, name: LookName): Promise<Material> {
  const look: Look = LOOKS[name];
  const alpha = look.alpha ?? 1;
  const m = doc
    .createMaterial(name)
    .setBaseColorFactor([...linear(look.color), alpha])
    .setMetallicFactor(look.metallic ?? 0)
    .setRoughnessFactor(look.roughness ?? 0.5);
  if (alpha < 1) m.setAlphaMode('BLEND').setDoubleSided(true);
  if (look.baseColorTexture) m.setBaseColorTexture(await documentTexture(doc, look.baseColorTexture));
  if (look.metallicRoughnessTexture) m.setMetallicRoughnessTexture(await documentTexture(doc, look.metallicRoughnessTexture));
  if (look.normalTexture) m.setNormalTexture(await documentTexture(doc, look.normalTexture)).setNormalScale(look.normalScale ?? 1);
  if (look.sheenColor) {
    const sheen = doc.createExtension(KHRMaterialsSheen).createSheen().setSheenColorFactor(linear(look.sheenColor)).setSheenRoughnessFactor(0.6);
    m.setExtension('KHR_materials_sheen', sheen);
  }
  if (look.emissive) setEmissive(doc, m, look.emissive, look.emissiveStrength ?? 1);
  return m;
}
