import { type Document, ImageUtils, type Node, type Primitive, type Texture } from '@gltf-transform/core';
import type { InstancedMesh } from '@gltf-transform/extensions';
import type { SceneStats } from '../../protocol/src/manifest';

/** Counts triangles, draw calls and texture memory over the default scene (or every scene if none is default). */
export function sceneStats(document: Document): SceneStats {
  const root = document.getRoot();
  const scenes = root.getDefaultScene() ? [root.getDefaultScene()!] : root.listScenes();
  const stats: SceneStats = { triangles: 0, drawCalls: 0, textureBytes: 0 };
  const visit = (node: Node): void => {
    const batch = node.getExtension<InstancedMesh>('EXT_mesh_gpu_instancing');
    const instances = batch?.listAttributes()[0]?.getCount() ?? 1;
    for (const primitive of node.getMesh()?.listPrimitives() ?? []) {
      stats.triangles += primitiveTriangles(primitive) * instances;
      stats.drawCalls += 1;
    }
    node.listChildren().forEach(visit);
  };
  scenes.forEach((scene) => scene.listChildren().forEach(visit));
  stats.textureBytes = root.listTextures().reduce((sum, texture) => sum + textureBytes(texture), 0);
  return stats;
}

/** GPU memory of one texture with its mip chain (see {@link SceneStats.textureBytes}). */
export function textureBytes(texture: Texture): number {
  const size = textureSize(texture);
  if (!size) return 0;
  const bytesPerPixel = texture.getMimeType() === 'image/ktx2' ? 1 : 4;
  return Math.round((size[0] * size[1] * bytesPerPixel * 4) / 3);
}

/** Width and height of a texture's image, when its format can tell. */
export function textureSize(texture: Texture): [number, number] | undefined {
  const image = texture.getImage();
  if (!image) return undefined;
  try {
    return ImageUtils.getSize(image, texture.getMimeType()) ?? (texture.getMimeType() === 'image/webp' ? webpSize(image) : undefined);
  } catch {
    return undefined;
  }
}

/**
 * Width and height from a WebP's first chunk (lossy VP8, lossless VP8L or extended VP8X);
 * glTF-Transform's reader does not know every one of them.
 */
function webpSize(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.byteLength < 30) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8 ') return [view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff];
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X') {
    const u24 = (offset: number) => bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
    return [u24(24) + 1, u24(27) + 1];
  }
  return undefined;
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
