import type { Document, Material, Mesh } from '@gltf-transform/core';
import { MarqueError } from '../../../protocol/src/errors';
import type { BuildMeshOptions, MeshBuilder, MeshData } from '../geometry/mesh-builder';

/** One primitive of a mesh: geometry, its material and how to weld and map it. */
export interface MeshPart {
  builder: MeshBuilder;
  material: Material;
  options?: BuildMeshOptions;
  /**
   * Geometry of the same primitive that moves with another joint of the node's skin (a door
   * on its hinge), by joint index; `builder` follows joint 0. Welded apart from the rest, so
   * it separates cleanly when its joint moves.
   */
  jointed?: readonly { joint: number; builder: MeshBuilder }[];
}

/** Options of {@link createMesh}. */
export interface CreateMeshOptions {
  /** Give every primitive JOINTS_0 and WEIGHTS_0 (one joint per vertex), for a node with a skin. */
  skinned?: boolean;
}

/**
 * Turns builders into one glTF mesh with one primitive per part (POSITION, NORMAL,
 * TEXCOORD_0, indices, and the skin's attributes when `skinned`), all in the document's
 * single buffer. Empty parts are skipped.
 */
export function createMesh(doc: Document, name: string, parts: readonly MeshPart[], { skinned = false }: CreateMeshOptions = {}): Mesh {
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  const mesh = doc.createMesh(name);
  for (const { builder, material, options, jointed = [] } of parts) {
    const pieces = [{ joint: 0, builder }, ...jointed].filter((piece) => piece.builder.triangleCount > 0);
    if (pieces.length === 0) continue;
    const { data, joints } = concatenate(pieces.map((piece) => ({ joint: piece.joint, data: piece.builder.build(options) })));
    const prefix = `${name}_${material.getName()}`;
    const accessor = (suffix: string, type: 'VEC4' | 'VEC3' | 'VEC2' | 'SCALAR', array: Float32Array | Uint8Array | Uint16Array | Uint32Array) =>
      doc.createAccessor(`${prefix}_${suffix}`).setType(type).setArray(array).setBuffer(buffer);
    const primitive = doc
      .createPrimitive()
      .setAttribute('POSITION', accessor('position', 'VEC3', data.positions))
      .setAttribute('NORMAL', accessor('normal', 'VEC3', data.normals))
      .setAttribute('TEXCOORD_0', accessor('uv', 'VEC2', data.uvs))
      .setIndices(accessor('indices', 'SCALAR', data.indices))
      .setMaterial(material);
    if (skinned) {
      const vertices = joints.length;
      const jointIndices = new Uint8Array(vertices * 4);
      const weights = new Float32Array(vertices * 4);
      for (let v = 0; v < vertices; v++) {
        jointIndices[v * 4] = joints[v];
        weights[v * 4] = 1;
      }
      primitive.setAttribute('JOINTS_0', accessor('joints', 'VEC4', jointIndices)).setAttribute('WEIGHTS_0', accessor('weights', 'VEC4', weights));
    } else if (jointed.length > 0) {
      throw new MarqueError('assets/gltf', `mesh "${name}" has geometry bound to joints but is not skinned`, {
        details: "pass { skinned: true } to createMesh for a node with a skin, or drop the parts' `jointed` geometry",
      });
    }
    mesh.addPrimitive(primitive);
  }
  return mesh;
}

/** Several pieces' geometry as one, with each vertex's joint. */
function concatenate(pieces: readonly { joint: number; data: MeshData }[]): { data: MeshData; joints: Uint8Array } {
  if (pieces.length === 1) {
    const [{ joint, data }] = pieces;
    return { data, joints: new Uint8Array(data.positions.length / 3).fill(joint) };
  }
  const vertices = pieces.reduce((n, piece) => n + piece.data.positions.length / 3, 0);
  const indices = pieces.reduce((n, piece) => n + piece.data.indices.length, 0);
  const out: MeshData = {
    positions: new Float32Array(vertices * 3),
    normals: new Float32Array(vertices * 3),
    uvs: new Float32Array(vertices * 2),
    indices: vertices > 0xffff ? new Uint32Array(indices) : new Uint16Array(indices),
  };
  const joints = new Uint8Array(vertices);
  let v = 0;
  let i = 0;
  for (const { joint, data } of pieces) {
    out.positions.set(data.positions, v * 3);
    out.normals.set(data.normals, v * 3);
    out.uvs.set(data.uvs, v * 2);
    for (let k = 0; k < data.indices.length; k++) out.indices[i + k] = data.indices[k] + v;
    const count = data.positions.length / 3;
    joints.fill(joint, v, v + count);
    v += count;
    i += data.indices.length;
  }
  return { data: out, joints };
}
