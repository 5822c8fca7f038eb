import { type Document, type Texture, type Transform } from '@gltf-transform/core';
import { KHRTextureBasisu } from '@gltf-transform/extensions';
import { listTextureSlots, textureCompress } from '@gltf-transform/functions';
import sharp from 'sharp';
import { MarqueError } from '../../../protocol/src/errors';

const NAME = 'textures';

/** Options for {@link textures}. */
export interface TexturesOptions {
  /** `webp` (small downloads) or `ktx2` (Basis Universal, compressed in GPU memory). */
  format?: 'webp' | 'ktx2';
  /** Largest side in pixels; larger textures are scaled down, keeping their aspect. */
  maxSize?: number;
  /** WebP quality for colour textures (normal maps get `normalQuality`). */
  quality?: number;
  /** WebP quality for normal maps, which show lossy artefacts sooner. */
  normalQuality?: number;
  /** Basis ETC1S quality (1–255) for colour and data textures; normal maps use UASTC. */
  etc1sQuality?: number;
  /** Basis ETC1S effort (0–6): 0 is several times faster than the encoder's default of 2 for slightly larger files. */
  etc1sEffort?: number;
  /**
   * Normal maps with fine grain get ETC1S instead of UASTC: those whose texels lean on average
   * more than this many degrees from their 4×4 block's mean normal (leather, metallic flake,
   * fabric weave: 8–23°). Their grain hides ETC1S's block artefacts, and ETC1S is about a
   * quarter of UASTC's size there. Smooth, baked normal maps (a helmet's panels: under 2°)
   * keep UASTC, which does not band their gradients. `Infinity` keeps every normal map UASTC.
   */
  etc1sNormalGrain?: number;
  /** Basis ETC1S quality (1–255) for the normal maps that get ETC1S. */
  etc1sNormalQuality?: number;
  /** Unit for error messages. */
  unit?: string;
}

export const TEXTURES_DEFAULTS: Required<TexturesOptions> = {
  format: 'webp',
  maxSize: 2048,
  quality: 80,
  normalQuality: 90,
  etc1sQuality: 200,
  etc1sEffort: 0,
  etc1sNormalGrain: 5,
  etc1sNormalQuality: 255,
  unit: 'textures',
};

/** Slots that hold colour (sRGB); everything else is linear data. */
const COLOUR_SLOTS = /baseColor|emissive|sheenColor|specularColor|diffuse/i;
const NORMAL_SLOTS = /normal/i;
const NOT_NORMAL_SLOTS = /^(?!.*normal)/i;

/**
 * Scales textures down to the target's maximum and re-encodes them: WebP through sharp, or
 * KTX2 (Basis Universal) through the wasm encoder of `ktx2-encoder`, ETC1S for colour and
 * data maps (small), UASTC with Zstandard for smooth normal maps (no block artefacts in
 * lighting) and ETC1S for grainy ones, where the grain hides them (see `etc1sNormalGrain`).
 * Both run offline. Textures already in KTX2 are left alone.
 */
export function textures(options: TexturesOptions = TEXTURES_DEFAULTS): Transform {
  const { format, maxSize, quality, normalQuality, etc1sQuality, etc1sEffort, etc1sNormalGrain, etc1sNormalQuality, unit } = {
    ...TEXTURES_DEFAULTS,
    ...options,
  };
  const transform = async (document: Document): Promise<void> => {
    if (document.getRoot().listTextures().length === 0) return;
    if (format === 'webp') {
      const common = { encoder: sharp, targetFormat: 'webp' as const, resize: [maxSize, maxSize] as [number, number], effort: 90 };
      await document.transform(
        textureCompress({ ...common, slots: NORMAL_SLOTS, quality: normalQuality }),
        textureCompress({ ...common, slots: NOT_NORMAL_SLOTS, quality }),
      );
      return;
    }
    const { encodeToKTX2 } = await import('ktx2-encoder');
    let encoded = 0;
    for (const texture of document.getRoot().listTextures()) {
      const image = texture.getImage();
      if (!image || texture.getMimeType() === 'image/ktx2') continue;
      const slots = listTextureSlots(texture);
      const isNormal = slots.some((slot) => NORMAL_SLOTS.test(slot));
      const isColour = !isNormal && slots.some((slot) => COLOUR_SLOTS.test(slot));
      try {
        // Scaled down once while decoded, for the grain measure and the encoder alike.
        const pixels = await decodeRgba(image, maxSize);
        const isUASTC = isNormal && normalMapGrain(pixels) <= etc1sNormalGrain;
        const ktx2 = await quietly(() =>
          encodeToKTX2(image, {
            isUASTC,
            uastcLDRQualityLevel: 0,
            needSupercompression: isUASTC,
            isNormalMap: isNormal,
            qualityLevel: isNormal ? etc1sNormalQuality : etc1sQuality,
            compressionLevel: etc1sEffort,
            isPerceptual: isColour,
            isSetKTX2SRGBTransferFunc: isColour,
            generateMipmap: true,
            imageDecoder: async () => pixels,
          }),
        );
        texture.setImage(ktx2).setMimeType('image/ktx2');
        encoded += 1;
      } catch (cause) {
        throw new MarqueError(unit, `texture ${label(texture)} could not be encoded as KTX2`, {
          details: (cause as Error).message ?? String(cause),
          cause,
        });
      }
    }
    if (encoded > 0) document.createExtension(KHRTextureBasisu).setRequired(true);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}

/** Decoded RGBA pixels. */
export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * How grainy a tangent-space normal map is: the mean angle, in degrees, between each texel's
 * normal and the mean normal of its 4×4 block (the block size of ETC and ASTC). Near 0 for
 * smooth, baked maps; tens of degrees for leather grain or metallic flake.
 */
export function normalMapGrain({ data, width, height }: RgbaImage): number {
  const block = new Float64Array(16 * 3);
  let sum = 0;
  let count = 0;
  for (let by = 0; by + 4 <= height; by += 4) {
    for (let bx = 0; bx + 4 <= width; bx += 4) {
      let mx = 0;
      let my = 0;
      let mz = 0;
      for (let k = 0; k < 16; k++) {
        const i = ((by + (k >> 2)) * width + bx + (k & 3)) * 4;
        const x = data[i]! / 127.5 - 1;
        const y = data[i + 1]! / 127.5 - 1;
        const z = data[i + 2]! / 127.5 - 1;
        const length = Math.hypot(x, y, z) || 1;
        block[k * 3] = x / length;
        block[k * 3 + 1] = y / length;
        block[k * 3 + 2] = z / length;
        mx += block[k * 3]!;
        my += block[k * 3 + 1]!;
        mz += block[k * 3 + 2]!;
      }
      const mean = Math.hypot(mx, my, mz) || 1;
      for (let k = 0; k < 16; k++) {
        const cos = (block[k * 3]! * mx + block[k * 3 + 1]! * my + block[k * 3 + 2]! * mz) / mean;
        sum += Math.acos(Math.min(1, Math.max(-1, cos)));
        count += 1;
      }
    }
  }
  return count === 0 ? 0 : (sum / count) * (180 / Math.PI);
}

/** RGBA pixels of an image, scaled down (aspect kept) to fit within `maxSize`. */
async function decodeRgba(bytes: Uint8Array, maxSize: number): Promise<RgbaImage> {
  const { data, info } = await sharp(bytes)
    .resize({ width: maxSize, height: maxSize, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * The Basis encoder's wasm build prints its progress through console.log whatever its
 * debug setting says; the pipeline's output stays readable without it.
 */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

function label(texture: Texture): string {
  return `"${texture.getName() || texture.getURI() || '(unnamed)'}"`;
}
