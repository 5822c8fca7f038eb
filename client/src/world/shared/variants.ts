import type { Material, Mesh, Object3D } from 'three';
import type { GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MarqueError } from '../../../../protocol/src/errors';

/** A configuration: one catalogue code per category, e.g. `{ paint: 'P-NOIR', wheel: 'W-FORGED-21' }`. */
export type Configuration = Partial<Record<string, string>>;

interface VariantMapping {
  material: number;
  variants: number[];
}

/** Names of the file's KHR_materials_variants variants (`paint/P-NOIR`, …), in file order. */
export function listVariants(gltf: GLTF): string[] {
  const extension = gltf.parser.json.extensions?.KHR_materials_variants as { variants?: { name: string }[] } | undefined;
  return (extension?.variants ?? []).map((variant) => variant.name);
}

/** Options of {@link applyConfiguration}. */
export interface ApplyConfigurationOptions {
  /** Once aborted (a newer configuration came), nothing more is changed. */
  signal?: AbortSignal;
}

/**
 * Applies a configuration to a loaded car (or a clone of its scene) without reloading the
 * file: for each category chosen, every mesh with a KHR_materials_variants mapping for the
 * variant `category/CODE` gets that mapping's material. Categories not chosen keep their
 * current material. The materials are all resolved first and then swapped in one go, so a
 * car never shows half a configuration, and an aborted call changes nothing. Resolves once
 * every material is in place; rejects naming an unknown code.
 */
export async function applyConfiguration(root: Object3D, gltf: GLTF, configuration: Configuration, options: ApplyConfigurationOptions = {}): Promise<void> {
  const names = listVariants(gltf);
  const wanted = new Set<number>();
  for (const [category, code] of Object.entries(configuration)) {
    if (!code) continue;
    const index = names.indexOf(`${category}/${code}`);
    if (index < 0) throw new MarqueError('variants', `this car offers no ${category} "${code}"`);
    wanted.add(index);
  }
  const changes: Promise<[Mesh, Material]>[] = [];
  root.traverse((object) => {
    const mesh = object as Mesh;
    const mappings = (mesh.userData.gltfExtensions?.KHR_materials_variants as { mappings?: VariantMapping[] } | undefined)?.mappings;
    if (!mesh.isMesh || !mappings) return;
    const mapping = mappings.find((m) => m.variants.some((v) => wanted.has(v)));
    if (!mapping) return;
    changes.push(gltf.parser.getDependency('material', mapping.material).then((material: Material) => [mesh, material]));
  });
  const resolved = await Promise.all(changes);
  if (options.signal?.aborted) return;
  for (const [mesh, material] of resolved) mesh.material = material;
}

/**
 * The codes of `configuration` that a car offers (its manifest entry's `variants`):
 * applyConfiguration refuses a whole configuration for one code the file lacks, so anything
 * else (an add-on made for another model, a code no longer published) is left out.
 */
export function offeredConfiguration(car: { variants?: Partial<Record<string, readonly string[]>> }, configuration: Configuration = {}): Configuration {
  const offered: Configuration = {};
  for (const [category, code] of Object.entries(configuration)) {
    if (code && car.variants?.[category]?.includes(code)) offered[category] = code;
  }
  return offered;
}
