import { type Document, type Texture, type Transform } from '@gltf-transform/core';
import { EXTTextureWebP, KHRTextureBasisu } from '@gltf-transform/extensions';
import { listTextureSlots } from '@gltf-transform/functions';
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
  /**
   * WebP near-lossless level (0–100, 100 lossless) for smooth pictures (see `smoothShare`):
   * glass, soft light, paint falloff, where lossy WebP at any quality draws steps across the
   * gradient; a smooth picture costs little losslessly, since its texels predict each other.
   */
  smoothQuality?: number;
  /**
   * Share of a picture's 4×4 blocks that must be gentle gradients (see {@link smoothShare})
   * for it to count as smooth: WebP then gets near-lossless encoding at `smoothQuality` and
   * KTX2 UASTC instead of ETC1S, whose few colours per block band a gradient.
   */
  smoothShare?: number;
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
  smoothQuality: 60,
  smoothShare: 0.9,
  etc1sQuality: 200,
  etc1sEffort: 0,
  etc1sNormalGrain: 5,
  etc1sNormalQuality: 255,
  unit: 'textures',
};

/** Slots that hold colour (sRGB); everything else is linear data. */
const COLOUR_SLOTS = /baseColor|emissive|sheenColor|specularColor|diffuse/i;
const NORMAL_SLOTS = /normal/i;

/**
 * Scales textures down to the target's maximum and re-encodes them per role: WebP through
 * sharp, or KTX2 (Basis Universal) through the wasm encoder of `ktx2-encoder`, ETC1S for
 * colour and data maps (small), UASTC with Zstandard for smooth normal maps and smooth
 * pictures (no block artefacts in lighting, no bands across gradients) and ETC1S for grainy
 * normal maps, where the grain hides them (see `etc1sNormalGrain`). WebP at quality 80 for
 * pictures and data, 90 for normal maps, and near-lossless for smooth pictures, where lossy
 * WebP at any quality draws steps (sharp's smart chroma subsampling was tried for the rest:
 * 7 % more bytes on the world's desktop build for no visible gain). Both run offline.
 *
 * A texture already in the target's format and within its size is left as it is: encoding
 * it again would cost quality and usually bytes, so optimising an optimised file again
 * changes nothing in its textures.
 */
export function textures(options: TexturesOptions = TEXTURES_DEFAULTS): Transform {
  const settings = { ...TEXTURES_DEFAULTS, ...options };
  const { format, maxSize, unit } = settings;
  const transform = async (document: Document): Promise<void> => {
    if (document.getRoot().listTextures().length === 0) return;
    let encoded = 0;
    let webp = 0;
    const encode = async (texture: Texture): Promise<void> => {
      const image = texture.getImage();
      if (!image || (await isDone(texture, format, maxSize))) return;
      const slots = listTextureSlots(texture);
      const role: TextureRole = slots.some((slot) => NORMAL_SLOTS.test(slot)) ? 'normal' : slots.some((slot) => COLOUR_SLOTS.test(slot)) ? 'colour' : 'data';
      try {
        // Scaled down once while decoded, for the measures and the encoders alike.
        const pixels = await decodeRgba(image, maxSize);
        if (format === 'webp') {
          texture.setImage(await encodeWebp(pixels, role, settings)).setMimeType('image/webp').setURI(renamed(texture.getURI(), 'webp'));
          webp += 1;
        } else {
          texture.setImage(await encodeKtx2(image, pixels, role, settings)).setMimeType('image/ktx2').setURI(renamed(texture.getURI(), 'ktx2'));
          encoded += 1;
        }
      } catch (cause) {
        throw new MarqueError(unit, `texture ${label(texture)} could not be encoded as ${format === 'webp' ? 'WebP' : 'KTX2'}`, {
          details: (cause as Error).message ?? String(cause),
          cause,
        });
      }
    };
    const all = document.getRoot().listTextures();
    // sharp works on libvips' own threads: WebP textures encode side by side. The Basis
    // encoder is one wasm instance, so KTX2 ones go one after another.
    if (format === 'webp') await Promise.all(all.map(encode));
    else for (const texture of all) await encode(texture);
    if (encoded > 0) document.createExtension(KHRTextureBasisu).setRequired(true);
    if (webp > 0) document.createExtension(EXTTextureWebP).setRequired(true);
  };
  return Object.defineProperty(transform, 'name', { value: NAME });
}

/** What a texture holds, which decides how it may be compressed. */
export type TextureRole = 'colour' | 'normal' | 'data';

/** Already in the target's format and size: KTX2 for `ktx2`; WebP within `maxSize` for `webp`. */
async function isDone(texture: Texture, format: 'webp' | 'ktx2', maxSize: number): Promise<boolean> {
  if (texture.getMimeType() === 'image/ktx2') return true;
  if (format !== 'webp' || texture.getMimeType() !== 'image/webp') return false;
  // glTF-Transform reads no size from a simple (VP8) WebP header; sharp does.
  const { width, height } = await sharp(texture.getImage()!).metadata();
  return width !== undefined && height !== undefined && Math.max(width, height) <= maxSize;
}

async function encodeWebp(pixels: RgbaImage, role: TextureRole, settings: Required<TexturesOptions>): Promise<Uint8Array> {
  const smooth = role !== 'normal' && smoothShare(pixels) >= settings.smoothShare;
  let image = sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } });
  if (isOpaque(pixels)) image = image.removeAlpha();
  const webp = await image
    .webp(
      smooth
        ? { nearLossless: true, quality: settings.smoothQuality, effort: 5 }
        : { quality: role === 'normal' ? settings.normalQuality : settings.quality, alphaQuality: 100, effort: 5 },
    )
    .toBuffer();
  return new Uint8Array(webp.buffer, webp.byteOffset, webp.byteLength);
}

async function encodeKtx2(image: Uint8Array, pixels: RgbaImage, role: TextureRole, settings: Required<TexturesOptions>): Promise<Uint8Array> {
  const { encodeToKTX2 } = await import('ktx2-encoder');
  const isNormal = role === 'normal';
  const isColour = role === 'colour';
  const isUASTC = isNormal ? normalMapGrain(pixels) <= settings.etc1sNormalGrain : smoothShare(pixels) >= settings.smoothShare;
  return quietly(() =>
    encodeToKTX2(image, {
      isUASTC,
      uastcLDRQualityLevel: 0,
      needSupercompression: isUASTC,
      isNormalMap: isNormal,
      qualityLevel: isNormal ? settings.etc1sNormalQuality : settings.etc1sQuality,
      compressionLevel: settings.etc1sEffort,
      isPerceptual: isColour,
      isSetKTX2SRGBTransferFunc: isColour,
      generateMipmap: true,
      imageDecoder: async () => pixels,
    }),
  );
}

/**
 * The share of 4×4 blocks that are gentle gradients: some colour channel varies inside the
 * block, and no channel changes by more than 2 of 255 levels from a texel to its right or
 * lower neighbour. Flat blocks do not count (nothing to band), nor grainy, noisy or detailed
 * ones (their texture hides banding).
 */
export function smoothShare({ data, width, height }: RgbaImage): number {
  let gentle = 0;
  let blocks = 0;
  for (let by = 0; by + 4 <= height; by += 4) {
    for (let bx = 0; bx + 4 <= width; bx += 4) {
      blocks += 1;
      let varies = false;
      let steep = false;
      for (let k = 0; k < 16 && !steep; k++) {
        const x = bx + (k & 3);
        const y = by + (k >> 2);
        const i = (y * width + x) * 4;
        for (let c = 0; c < 3; c++) {
          const right = (k & 3) < 3 ? Math.abs(data[i + 4 + c]! - data[i + c]!) : 0;
          const below = k < 12 ? Math.abs(data[i + width * 4 + c]! - data[i + c]!) : 0;
          if (right > 2 || below > 2) steep = true;
          else if (right > 0 || below > 0) varies = true;
        }
      }
      if (varies && !steep) gentle += 1;
    }
  }
  return blocks === 0 ? 0 : gentle / blocks;
}

function isOpaque({ data }: RgbaImage): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/** `paint.png` → `paint.webp`; no URI stays none. */
function renamed(uri: string, extension: string): string {
  return uri ? uri.replace(/\.[^./]*$/, '') + `.${extension}` : '';
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
