import { type Document, type Texture, type Transform } from '@gltf-transform/core';
import { KHRTextureBasisu } from '@gltf-transform/extensions';
import { listTextureSlots, textureCompress } from '@gltf-transform/functions';
import sharp from 'sharp';
import { PipelineError } from '../errors';

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
  unit: 'textures',
};

/** Slots that hold colour (sRGB); everything else is linear data. */
const COLOUR_SLOTS = /baseColor|emissive|sheenColor|specularColor|diffuse/i;
const NORMAL_SLOTS = /normal/i;
const NOT_NORMAL_SLOTS = /^(?!.*normal)/i;

/**
 * Scales textures down to the target's maximum and re-encodes them: WebP through sharp, or
 * KTX2 (Basis Universal) through the wasm encoder of `ktx2-encoder`, ETC1S for colour and
 * data maps (small), UASTC with Zstandard for normal maps (no block artefacts in lighting).
 * Both run offline. Textures already in KTX2 are left alone.
 */
export function textures(options: TexturesOptions = TEXTURES_DEFAULTS): Transform {
  const { format, maxSize, quality, normalQuality, etc1sQuality, etc1sEffort, unit } = { ...TEXTURES_DEFAULTS, ...options };
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
    // Scaled down while decoded for the encoder: no intermediate re-encoding.
    const imageDecoder = (bytes: Uint8Array) => decodeRgba(bytes, maxSize);
    let encoded = 0;
    for (const texture of document.getRoot().listTextures()) {
      const image = texture.getImage();
      if (!image || texture.getMimeType() === 'image/ktx2') continue;
      const slots = listTextureSlots(texture);
      const isNormal = slots.some((slot) => NORMAL_SLOTS.test(slot));
      const isColour = !isNormal && slots.some((slot) => COLOUR_SLOTS.test(slot));
      try {
        const ktx2 = await quietly(() =>
          encodeToKTX2(image, {
            isUASTC: isNormal,
            uastcLDRQualityLevel: 0,
            needSupercompression: isNormal,
            isNormalMap: isNormal,
            qualityLevel: etc1sQuality,
            compressionLevel: etc1sEffort,
            isPerceptual: isColour,
            isSetKTX2SRGBTransferFunc: isColour,
            generateMipmap: true,
            imageDecoder,
          }),
        );
        texture.setImage(ktx2).setMimeType('image/ktx2');
        encoded += 1;
      } catch (cause) {
        throw new PipelineError(unit, `texture ${label(texture)} could not be encoded as KTX2`, {
          details: [(cause as Error).message ?? String(cause)],
          cause,
        });
      }
    }
    if (encoded > 0) document.createExtension(KHRTextureBasisu).setRequired(true);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}

/** RGBA pixels of an image, scaled down (aspect kept) to fit within `maxSize`. */
async function decodeRgba(bytes: Uint8Array, maxSize: number): Promise<{ data: Uint8Array; width: number; height: number }> {
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
