import { type Document, PropertyType, type Transform, type TransformContext } from '@gltf-transform/core';
import { dedup, prune, weld } from '@gltf-transform/functions';

const NAME = 'clean';

/** Options for {@link clean}. */
export interface CleanOptions {
  /**
   * Keep properties that have their own names even when they duplicate another. On by
   * default: named materials and nodes are the car's configurable parts and must survive.
   */
  keepUniqueNames?: boolean;
  /** Merge bitwise-identical vertices and index every primitive. */
  weld?: boolean;
  /** Keep nodes with nothing under them (anchors, attachment points). */
  keepLeaves?: boolean;
}

export const CLEAN_DEFAULTS: Required<CleanOptions> = {
  keepUniqueNames: true,
  weld: true,
  keepLeaves: false,
};

/**
 * Tidies a document without changing what it looks like or how it is structured:
 * welds vertices, removes duplicate accessors, meshes, materials and textures, and prunes
 * whatever is left unused. It never joins or flattens nodes or meshes, so named parts
 * (`body`, `wheel_fl`, …) stay separate and addressable.
 *
 * ```ts
 * await document.transform(clean());
 * ```
 */
export function clean(options: CleanOptions = CLEAN_DEFAULTS): Transform {
  const { keepUniqueNames, weld: shouldWeld, keepLeaves } = { ...CLEAN_DEFAULTS, ...options };
  const transform = async (document: Document, context?: TransformContext): Promise<void> => {
    const logger = document.getLogger();
    // Weld first: it writes fresh accessors, which dedup can then share.
    if (shouldWeld) await weld()(document, context);
    await dedup({
      keepUniqueNames,
      propertyTypes: [PropertyType.ACCESSOR, PropertyType.MESH, PropertyType.TEXTURE, PropertyType.MATERIAL],
    })(document, context);
    await prune({ keepLeaves, keepExtras: true })(document, context);
    logger.debug(`${NAME}: Complete.`);
  };
  // Named like glTF-Transform's own transforms, so its context and logs can tell them apart.
  return Object.defineProperty(transform, 'name', { value: NAME });
}
