import { type Document, Primitive, type Transform } from '@gltf-transform/core';
import { prune, simplifyPrimitive } from '@gltf-transform/functions';
import { MeshoptSimplifier } from 'meshoptimizer';

const NAME = 'simplifyTriangles';

/** Options for {@link simplifyTriangles}. */
export interface SimplifyTrianglesOptions {
  /** Target share of the triangles to keep, 0–1. */
  ratio?: number;
  /** Largest error allowed, relative to each mesh's size. */
  error?: number;
}

export const SIMPLIFY_TRIANGLES_DEFAULTS: Required<SimplifyTrianglesOptions> = { ratio: 0.5, error: 0.01 };

/**
 * A level of detail: meshoptimizer simplification of triangle primitives only (points and
 * lines are left as they are), keeping every node, mesh and material, so a lower level has
 * the same named parts as full detail. Vertices stay shared, so skins and morph targets
 * keep working.
 */
export function simplifyTriangles(options: SimplifyTrianglesOptions = SIMPLIFY_TRIANGLES_DEFAULTS): Transform {
  const { ratio, error } = { ...SIMPLIFY_TRIANGLES_DEFAULTS, ...options };
  const transform = async (document: Document): Promise<void> => {
    await MeshoptSimplifier.ready;
    for (const mesh of document.getRoot().listMeshes()) {
      for (const primitive of mesh.listPrimitives()) {
        if (primitive.getMode() !== Primitive.Mode.TRIANGLES || !primitive.getIndices()) continue;
        simplifyPrimitive(primitive, { simplifier: MeshoptSimplifier, ratio, error, lockBorder: false });
      }
    }
    await document.transform(prune({ keepExtras: true }));
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}
