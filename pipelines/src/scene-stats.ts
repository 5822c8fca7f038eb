import type { Document, Node, Primitive } from '@gltf-transform/core';

/** What a document costs to draw. */
export interface SceneStats {
  /** Triangles drawn, counting every instance of a shared mesh. */
  triangles: number;
  /** Primitives drawn, counting every instance: one draw call each. */
  drawCalls: number;
}

/** Counts triangles and draw calls over the default scene (or every scene if none is default). */
export function sceneStats(document: Document): SceneStats {
  const root = document.getRoot();
  const scenes = root.getDefaultScene() ? [root.getDefaultScene()!] : root.listScenes();
  const stats: SceneStats = { triangles: 0, drawCalls: 0 };
  const visit = (node: Node): void => {
    for (const primitive of node.getMesh()?.listPrimitives() ?? []) {
      stats.triangles += primitiveTriangles(primitive);
      stats.drawCalls += 1;
    }
    node.listChildren().forEach(visit);
  };
  scenes.forEach((scene) => scene.listChildren().forEach(visit));
  return stats;
}

function primitiveTriangles(primitive: Primitive): number {
  const count = primitive.getIndices()?.getCount() ?? primitive.getAttribute('POSITION')?.getCount() ?? 0;
  switch (primitive.getMode()) {
    case 4: // TRIANGLES
      return Math.floor(count / 3);
    case 5: // TRIANGLE_STRIP
    case 6: // TRIANGLE_FAN
      return Math.max(0, count - 2);
    default: // points and lines draw no triangles
      return 0;
  }
}
