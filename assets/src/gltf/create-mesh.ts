import type { Document, Material, Mesh } from '@gltf-transform/core';
import type { BuildMeshOptions, MeshBuilder } from '../geometry/mesh-builder';

/** One primitive of a mesh: geometry, its material and how to weld and map it. */
export interface MeshPart {
  builder: MeshBuilder;
  material: Material;
  options?: BuildMeshOptions;
}

/**
 * Turns builders into one glTF mesh with one primitive per part (POSITION, NORMAL,
 * TEXCOORD_0, indices), all in the document's single buffer. Empty parts are skipped.
 */
export function createMesh(doc: Document, name: string, parts: readonly MeshPart[]): Mesh {
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  const mesh = doc.createMesh(name);
  for (const { builder, material, options } of parts) {
    if (builder.triangleCount === 0) continue;
    const data = builder.build(options);
    const prefix = `${name}_${material.getName()}`;
    const accessor = (suffix: string, type: 'VEC3' | 'VEC2' | 'SCALAR', array: Float32Array | Uint16Array | Uint32Array) =>
      doc.createAccessor(`${prefix}_${suffix}`).setType(type).setArray(array).setBuffer(buffer);
    mesh.addPrimitive(
      doc
        .createPrimitive()
        .setAttribute('POSITION', accessor('position', 'VEC3', data.positions))
        .setAttribute('NORMAL', accessor('normal', 'VEC3', data.normals))
        .setAttribute('TEXCOORD_0', accessor('uv', 'VEC2', data.uvs))
        .setIndices(accessor('indices', 'SCALAR', data.indices))
        .setMaterial(material),
    );
  }
  return mesh;
}
