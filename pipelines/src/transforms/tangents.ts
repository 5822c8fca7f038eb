import { type Accessor, type Document, type Material, Primitive, type Transform } from '@gltf-transform/core';
import type { Anisotropy, Clearcoat, MappingList } from '@gltf-transform/extensions';
import { weldPrimitive } from '@gltf-transform/functions';
import { generateTangents as mikktspace } from 'mikktspace';

const NAME = 'tangents';

/** Tangents for a triangle soup (3 floats a position and normal, 2 a UV); 4 floats a vertex out. */
export type TangentGenerator = (position: Float32Array, normal: Float32Array, uv: Float32Array) => Float32Array;

/** Options for {@link tangents}. */
export interface TangentsOptions {
  /** MikkTSpace by default (the `mikktspace` package, wasm, offline), as glTF expects. */
  generateTangents?: TangentGenerator;
}

export const TANGENTS_DEFAULTS: Required<TangentsOptions> = {
  generateTangents: mikktspace,
};

/**
 * Writes MikkTSpace TANGENT attributes for triangle primitives that have a normal map, a
 * clearcoat normal map or anisotropy (in their own material or in any of their
 * KHR_materials_variants materials) and no tangents.
 * Without them every viewer generates tangents at load, each its own way, which the Khronos
 * validator warns about (MESH_PRIMITIVE_GENERATED_TANGENT_SPACE) and which costs load time
 * on a headset. Primitives without a normal map get nothing: tangents would only add bytes.
 *
 * Run it after welding and before quantisation: MikkTSpace needs one vertex per triangle
 * corner, so each primitive is unwelded for it and welded again afterwards (vertices split
 * only where tangents differ), and quantisation then stores the tangents as normalised bytes.
 */
export function tangents(options: TangentsOptions = TANGENTS_DEFAULTS): Transform {
  const { generateTangents } = { ...TANGENTS_DEFAULTS, ...options };
  const transform = (document: Document): void => {
    const logger = document.getLogger();
    let generated = 0;
    for (const mesh of document.getRoot().listMeshes()) {
      for (const primitive of mesh.listPrimitives()) {
        const uvSet = normalMapTexCoord(primitive);
        if (uvSet === undefined || primitive.getAttribute('TANGENT')) continue;
        const position = primitive.getAttribute('POSITION');
        const normal = primitive.getAttribute('NORMAL');
        const uv = primitive.getAttribute(`TEXCOORD_${uvSet}`);
        // Without normals a viewer computes flat ones, and tangents to match: nothing to give it.
        if (primitive.getMode() !== Primitive.Mode.TRIANGLES || !position || !normal || !uv) continue;
        unweldPrimitive(document, primitive);
        const soup = (semantic: string) => Float32Array.from(primitive.getAttribute(semantic)!.getArray()!);
        const tangent = generateTangents(soup('POSITION'), soup('NORMAL'), soup(`TEXCOORD_${uvSet}`));
        // glTF's UVs start at the top left, MikkTSpace's at the bottom left: the bitangent sign flips.
        for (let i = 3; i < tangent.length; i += 4) tangent[i] = -tangent[i]!;
        const buffer = primitive.getAttribute('POSITION')!.getBuffer();
        primitive.setAttribute('TANGENT', document.createAccessor().setType('VEC4').setArray(tangent).setBuffer(buffer));
        weldPrimitive(primitive);
        generated += 1;
      }
    }
    logger.debug(`${NAME}: generated for ${generated} primitive(s).`);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}

/** The UV set of the normal-like map a primitive may show (own or variant material), or undefined when it has none. */
function normalMapTexCoord(primitive: Primitive): number | undefined {
  const materials: (Material | null)[] = [primitive.getMaterial()];
  const mappings = primitive.getExtension<MappingList>('KHR_materials_variants');
  for (const mapping of mappings?.listMappings() ?? []) materials.push(mapping.getMaterial());
  for (const material of materials) {
    const uvSet = material ? tangentSpaceTexCoord(material) : undefined;
    if (uvSet !== undefined) return uvSet;
  }
  return undefined;
}

/**
 * Every texture that is read in tangent space: the normal map, the clearcoat's normal map
 * (KHR_materials_clearcoat) and the anisotropy direction (KHR_materials_anisotropy, which
 * needs tangents even without a texture). The first one's UV set; MikkTSpace takes one.
 */
function tangentSpaceTexCoord(material: Material): number | undefined {
  if (material.getNormalTexture()) return material.getNormalTextureInfo()!.getTexCoord();
  const clearcoat = material.getExtension<Clearcoat>('KHR_materials_clearcoat');
  if (clearcoat?.getClearcoatNormalTexture()) return clearcoat.getClearcoatNormalTextureInfo()!.getTexCoord();
  const anisotropy = material.getExtension<Anisotropy>('KHR_materials_anisotropy');
  if (anisotropy) return anisotropy.getAnisotropyTexture() ? anisotropy.getAnisotropyTextureInfo()!.getTexCoord() : 0;
  return undefined;
}

/** One vertex per triangle corner, for every attribute and morph target of the primitive. */
function unweldPrimitive(document: Document, primitive: Primitive): void {
  const indices = primitive.getIndices();
  if (!indices) return;
  const order = indices.getArray()!;
  const expand = (accessor: Accessor): Accessor => {
    const size = accessor.getElementSize();
    const source = accessor.getArray()!;
    const ArrayType = source.constructor as new (length: number) => typeof source;
    const out = new ArrayType(order.length * size);
    for (let i = 0; i < order.length; i++) {
      for (let k = 0; k < size; k++) out[i * size + k] = source[order[i]! * size + k]!;
    }
    return document
      .createAccessor(accessor.getName())
      .setType(accessor.getType())
      .setArray(out)
      .setNormalized(accessor.getNormalized())
      .setBuffer(accessor.getBuffer());
  };
  const dispose = (accessor: Accessor) => {
    // Only when nothing else (another primitive, a dedup'd twin) still reads it.
    if (accessor.listParents().every((parent) => parent === document.getRoot())) accessor.dispose();
  };
  for (const semantic of primitive.listSemantics()) {
    const before = primitive.getAttribute(semantic)!;
    primitive.setAttribute(semantic, expand(before));
    dispose(before);
  }
  for (const target of primitive.listTargets()) {
    for (const semantic of target.listSemantics()) {
      const before = target.getAttribute(semantic)!;
      target.setAttribute(semantic, expand(before));
      dispose(before);
    }
  }
  primitive.setIndices(null);
  dispose(indices);
}
