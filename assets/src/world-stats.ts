import type { Document, Mesh, Node, Scene } from '@gltf-transform/core';

/** What a document costs to draw, as the budgets in assets/README.md count it. */
export interface RenderStats {
  /**
   * One draw per primitive per node, except that nodes sharing a mesh under the same parent
   * count once: the pipeline turns them into one instanced draw.
   */
  drawCalls: number;
  /** Triangles drawn, counting every instance. */
  triangles: number;
  /** GPU memory of the textures as RGBA8 with mipmaps, each at most `maxTextureSize` square. */
  textureBytes: number;
}

/** Options for {@link renderStats}. */
export interface RenderStatsOptions {
  /** The largest texture size the pipeline publishes; larger images are counted at this size. */
  maxTextureSize?: number;
}

export const RENDER_STATS_DEFAULTS: Required<RenderStatsOptions> = { maxTextureSize: 1024 };

/** Counts draw calls, triangles and texture memory of a document's scenes. */
export function renderStats(doc: Document, options: RenderStatsOptions = RENDER_STATS_DEFAULTS): RenderStats {
  const { maxTextureSize } = { ...RENDER_STATS_DEFAULTS, ...options };
  let drawCalls = 0;
  let triangles = 0;
  const visit = (children: readonly Node[]): void => {
    const seen = new Set<Mesh>();
    for (const node of children) {
      const mesh = node.getMesh();
      if (mesh) {
        const prims = mesh.listPrimitives();
        if (!seen.has(mesh)) drawCalls += prims.length;
        seen.add(mesh);
        for (const prim of prims) {
          const indices = prim.getIndices();
          const count = indices ? indices.getCount() : (prim.getAttribute('POSITION')?.getCount() ?? 0);
          triangles += Math.floor(count / 3);
        }
      }
      visit(node.listChildren());
    }
  };
  for (const scene of doc.getRoot().listScenes() as Scene[]) visit(scene.listChildren());

  let textureBytes = 0;
  for (const texture of doc.getRoot().listTextures()) {
    const [w, h] = pngSize(texture.getImage()) ?? [maxTextureSize, maxTextureSize];
    textureBytes += Math.min(w, maxTextureSize) * Math.min(h, maxTextureSize) * 4 * (4 / 3);
  }
  return { drawCalls, triangles, textureBytes };
}

/** Adds up the stats of the documents drawn together in one zone. */
export function sumStats(stats: readonly RenderStats[]): RenderStats {
  return stats.reduce(
    (a, b) => ({ drawCalls: a.drawCalls + b.drawCalls, triangles: a.triangles + b.triangles, textureBytes: a.textureBytes + b.textureBytes }),
    { drawCalls: 0, triangles: 0, textureBytes: 0 },
  );
}

function pngSize(image: Uint8Array | null): [number, number] | undefined {
  if (!image || image.length < 24 || image[1] !== 0x50 || image[2] !== 0x4e || image[3] !== 0x47) return undefined;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}
