import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document, Material, NodeIO } from '@gltf-transform/core';
import type { KHRMaterialsVariants, MappingList, Variant } from '@gltf-transform/extensions';
import { VARIANT_CATEGORIES } from '../../../protocol/src/catalogue';
import { canonicalHash } from '../../../protocol/src/twin-hashes';
import type { ConfigurationCodes } from '../../../protocol/src/twin-api';

/** A car's glb made to open in a configuration. */
export interface ConfiguredModel {
  bytes: Uint8Array;
  /** Strong validator of these bytes: the file's content hash and the configuration. */
  etag: string;
  /** The categories whose code the file offers as a variant, now its default materials. */
  applied: ConfigurationCodes;
}

/**
 * A car's published glb with a configuration as its default materials: for each primitive with a
 * KHR_materials_variants mapping for a chosen variant (`paint/P-NOIR` …), that mapping's material
 * becomes the primitive's own. The extension stays, so a viewer still switches variants (the
 * pipeline maps every code of a category on each of the category's primitives, so the material
 * that was the default stays reachable through its own variant); a variant of another category,
 * unmapped on the primitive, now leaves it in the twin's finish rather than the file's. Codes the
 * file does not offer are left out.
 *
 * Results are kept in memory by (file, configuration), the most recently used `maxEntries`.
 */
export class TwinModels {
  private readonly cache = new Map<string, Promise<ConfiguredModel>>();
  private io: Promise<NodeIO> | undefined;

  constructor(
    /** Folder of the published files (the manifest's `file` names are relative to it). */
    private readonly assetsDir: string,
    private readonly maxEntries = 16,
  ) {}

  /** `file` (a name in the assets folder) in `configuration`. Rejects with the fs error when the file is missing. */
  configured(file: string, configuration: ConfigurationCodes): Promise<ConfiguredModel> {
    const key = `${file}\n${canonicalHash(configuration)}`;
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const work = this.build(file, configuration);
    this.cache.set(key, work);
    work.catch(() => this.cache.get(key) === work && this.cache.delete(key));
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return work;
  }

  private async build(file: string, configuration: ConfigurationCodes): Promise<ConfiguredModel> {
    const bytes = await readFile(path.join(this.assetsDir, path.basename(file)));
    // The codecs (meshopt, Draco) load on the first request, not when the server starts.
    this.io ??= import('../../../protocol/src/gltf-io').then(({ createIO }) => createIO({ encoders: true }));
    const io = await this.io;
    const document = await io.readBinary(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const applied = applyConfiguration(document, configuration);
    const out = await io.writeBinary(document);
    return { bytes: out, etag: `"${canonicalHash({ file, applied }).slice(2, 26)}"`, applied };
  }
}

/**
 * Makes `configuration`'s variants the default materials of `document` (see {@link TwinModels});
 * returns the categories applied (those whose variant the document has).
 */
export function applyConfiguration(document: Document, configuration: ConfigurationCodes): ConfigurationCodes {
  const root = document.getRoot();
  const extension = root.listExtensionsUsed().find((e) => e.extensionName === 'KHR_materials_variants') as KHRMaterialsVariants | undefined;
  if (!extension) return {};
  const byName = new Map(extension.listVariants().map((variant) => [variant.getName(), variant]));
  const applied: ConfigurationCodes = {};
  const chosen = new Set<Variant>();
  for (const category of VARIANT_CATEGORIES) {
    const code = configuration[category];
    const variant = code === undefined ? undefined : byName.get(`${category}/${code}`);
    if (!variant) continue;
    chosen.add(variant);
    applied[category] = code;
  }
  if (chosen.size === 0) return applied;
  for (const mesh of root.listMeshes()) {
    for (const primitive of mesh.listPrimitives()) {
      const list = primitive.getExtension<MappingList>('KHR_materials_variants');
      if (!list) continue;
      const mappings = list.listMappings();
      const target: Material | null | undefined = mappings.find((m) => m.listVariants().some((v) => chosen.has(v)))?.getMaterial();
      if (target) primitive.setMaterial(target);
    }
  }
  return applied;
}
