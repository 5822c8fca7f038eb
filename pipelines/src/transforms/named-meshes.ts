import { AnimationChannel, type Document, type mat4, type Mesh, type Node } from '@gltf-transform/core';

const TRS = new Set(['translation', 'rotation', 'scale']);

/** What {@link recordNamedMeshes} saw: each named node holding a mesh, with its children then. */
export interface NamedMeshes {
  entries: { node: Node; mesh: Mesh; children: Set<Node> }[];
}

/** Notes every named node that holds a mesh, before a step that may move meshes (quantisation). */
export function recordNamedMeshes(document: Document): NamedMeshes {
  const entries: NamedMeshes['entries'] = [];
  for (const node of document.getRoot().listNodes()) {
    const mesh = node.getMesh();
    if (mesh && node.getName()) entries.push({ node, mesh, children: new Set(node.listChildren()) });
  }
  return { entries };
}

/**
 * Puts each recorded mesh back on its named node. Quantisation stores positions in a unit
 * cube and scales them back with a node transform; where the node has children (which must
 * not be scaled) glTF-Transform moves the mesh into a new unnamed child node carrying that
 * transform, so looking the part up by name found an empty node. Here the child's transform
 * is folded into the named node and its inverse into the node's other children (a uniform
 * scale and an offset, so every local transform stays a plain TRS and every world transform
 * is unchanged), and the mesh goes back on the named node.
 *
 * A node animated in translation, rotation or scale keeps the unnamed child: the animation
 * overwrites the node's TRS, so the quantisation transform cannot live there. Such a node's
 * mesh is the mesh of its one unnamed child holding it.
 */
export function restoreNamedMeshes(recorded: NamedMeshes): void {
  for (const { node, mesh, children } of recorded.entries) {
    if (node.getMesh() || node.isDisposed()) continue;
    const holder = node.listChildren().find((child) => !children.has(child) && child.getMesh() === mesh && !child.getName());
    if (!holder || holder.listChildren().length > 0) continue;
    const channels = node.listParents().filter((parent): parent is AnimationChannel => parent instanceof AnimationChannel);
    if (channels.some((channel) => TRS.has(channel.getTargetPath() ?? ''))) continue;
    const fold = holder.getMatrix();
    const unfold = invertScaleOffset(fold);
    if (!unfold) continue;
    node.setMatrix(multiply(node.getMatrix(), fold));
    for (const child of node.listChildren()) {
      if (child !== holder) child.setMatrix(multiply(unfold, child.getMatrix()));
    }
    // Morph weights' channels followed the mesh to the holder: back to the named node.
    for (const parent of holder.listParents()) {
      if (parent instanceof AnimationChannel) parent.setTargetNode(node);
    }
    node.setMesh(mesh);
    holder.dispose();
  }
}

/** The inverse of a uniform scale and an offset (what quantisation writes), or null for any other matrix. */
function invertScaleOffset(m: mat4): mat4 | null {
  const scale = m[0];
  const off = [1, 2, 3, 4, 6, 7, 8, 9, 11].some((i) => Math.abs(m[i]) > 1e-9 * Math.abs(scale));
  if (off || scale === 0 || Math.abs(m[5] - scale) > 1e-6 * Math.abs(scale) || Math.abs(m[10] - scale) > 1e-6 * Math.abs(scale) || m[15] !== 1) return null;
  const inverse = 1 / scale;
  return [inverse, 0, 0, 0, 0, inverse, 0, 0, 0, 0, inverse, 0, -m[12] * inverse, -m[13] * inverse, -m[14] * inverse, 1] as unknown as mat4;
}

/** Column-major 4×4 product a·b. */
function multiply(a: mat4, b: mat4): mat4 {
  const out = new Array<number>(16).fill(0);
  for (let column = 0; column < 4; column++) {
    for (let row = 0; row < 4; row++) {
      for (let k = 0; k < 4; k++) out[column * 4 + row] += a[k * 4 + row] * b[column * 4 + k];
    }
  }
  return out as unknown as mat4;
}
