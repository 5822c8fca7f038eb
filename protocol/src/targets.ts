/** Devices the pipeline publishes for. */
export const TARGET_NAMES = ['desktop', 'quest', 'mobile'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** What one zone may cost to draw on a target. */
export interface Budget {
  /** Draw calls: one per primitive per node (an instanced node draws once). */
  drawCalls: number;
  /** Triangles, counting every instance. */
  triangles: number;
  /** Estimated GPU memory of the zone's textures, with mipmaps, in bytes. */
  textureBytes: number;
}

/** How assets are prepared for one kind of device. */
export interface Target {
  name: TargetName;
  /** Largest texture side in pixels; larger textures are scaled down (aspect kept). */
  maxTextureSize: number;
  /**
   * `webp`: small downloads, decoded to RGBA8 on the GPU. `ktx2`: Basis Universal, which the
   * GPU keeps compressed (4–8× less texture memory), at some cost in download size.
   */
  textureFormat: 'webp' | 'ktx2';
  budget: Budget;
}

const MB = 1024 * 1024;

const QUEST_BUDGET: Budget = { drawCalls: 100, triangles: 300_000, textureBytes: 128 * MB };

/**
 * Defaults. Headsets and phones get KTX2: their GPUs (Adreno, Mali, Apple) sample ETC/ASTC
 * directly, and texture memory is what they run out of first. Desktops get WebP: memory is
 * plentiful there and WebP downloads are smaller than ETC1S at the same quality.
 */
export const TARGETS: Readonly<Record<TargetName, Target>> = {
  desktop: {
    name: 'desktop',
    maxTextureSize: 2048,
    textureFormat: 'webp',
    budget: { drawCalls: 2 * QUEST_BUDGET.drawCalls, triangles: 2 * QUEST_BUDGET.triangles, textureBytes: 2 * QUEST_BUDGET.textureBytes },
  },
  quest: { name: 'quest', maxTextureSize: 1024, textureFormat: 'ktx2', budget: QUEST_BUDGET },
  mobile: { name: 'mobile', maxTextureSize: 1024, textureFormat: 'ktx2', budget: QUEST_BUDGET },
};

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}
