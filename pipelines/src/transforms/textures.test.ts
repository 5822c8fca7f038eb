import { Document, Logger, type Texture } from '@gltf-transform/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { texturePng } from '../../../assets/src/materials/textures';
import { normalMapGrain, smoothShare, textures } from './textures';

const SIZE = 256;

/** A smooth, baked-looking normal map: one broad dome, as a panel's bevel would give. */
async function smoothNormalPng(): Promise<Uint8Array> {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const nx = ((x / SIZE) * 2 - 1) * 0.5;
      const ny = ((y / SIZE) * 2 - 1) * 0.5;
      const nz = Math.sqrt(1 - nx * nx - ny * ny);
      data.set([nx, ny, nz].map((v) => Math.round(v * 127.5 + 127.5)), (y * SIZE + x) * 3);
    }
  }
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toBuffer();
}

async function rgba(png: Uint8Array) {
  const { data, info } = await sharp(png).resize(SIZE, SIZE).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** KTX2 supercompression scheme (header offset 44): 1 BasisLZ (ETC1S), 2 Zstandard (our UASTC). */
function supercompression(texture: Texture): number {
  const image = texture.getImage()!;
  return new DataView(image.buffer, image.byteOffset, image.byteLength).getUint32(44, true);
}

describe('normalMapGrain', () => {
  it('is near zero for a smooth normal map and tens of degrees for leather grain', async () => {
    expect(normalMapGrain(await rgba(await smoothNormalPng()))).toBeLessThan(1);
    expect(normalMapGrain(await rgba(await texturePng('leather-normal')))).toBeGreaterThan(10);
  });
});

describe('textures (ktx2)', () => {
  it('encodes grainy normal maps in ETC1S, several times smaller than UASTC, and smooth ones in UASTC', { timeout: 60_000 }, async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const leather = doc.createTexture('leather').setImage(await texturePng('leather-normal')).setMimeType('image/png');
    const panel = doc.createTexture('panel').setImage(await smoothNormalPng()).setMimeType('image/png');
    doc.createMaterial('interior').setNormalTexture(leather);
    doc.createMaterial('body').setNormalTexture(panel);
    await doc.transform(textures({ format: 'ktx2', maxSize: SIZE }));

    expect(leather.getMimeType()).toBe('image/ktx2');
    expect(supercompression(leather)).toBe(1);
    expect(supercompression(panel)).toBe(2);

    // The same leather kept in UASTC, as before grain was measured, is several times larger.
    const uastc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const kept = uastc.createTexture('leather').setImage(await texturePng('leather-normal')).setMimeType('image/png');
    uastc.createMaterial('interior').setNormalTexture(kept);
    await uastc.transform(textures({ format: 'ktx2', maxSize: SIZE, etc1sNormalGrain: Infinity }));
    expect(supercompression(kept)).toBe(2);
    expect(leather.getImage()!.byteLength * 3).toBeLessThan(kept.getImage()!.byteLength);
  });
});

/** A soft light falloff across the picture: the kind of gradient lossy encoders band. */
async function softGradientPng(size = SIZE): Promise<Uint8Array> {
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - size * 0.3, y - size * 0.4) / size;
      const light = Math.exp(-d * d * 3);
      data.set([40 + 150 * light, 50 + 140 * light, 70 + 120 * light].map(Math.round), (y * size + x) * 3);
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

/**
 * Steps the encoding drew: neighbouring texels (left to right) that differ by 2 levels or
 * more in a channel where the source differs by at most 1 — the edges of bands.
 */
async function falseSteps(source: Uint8Array, encoded: Uint8Array): Promise<number> {
  const decode = async (bytes: Uint8Array) => (await sharp(bytes).removeAlpha().raw().toBuffer()) as Buffer;
  const [a, b] = await Promise.all([decode(source), decode(encoded)]);
  let steps = 0;
  for (let i = 3; i < a.length; i++) {
    if (i % (SIZE * 3) < 3) continue;
    if (Math.abs(b[i]! - b[i - 3]!) >= 2 && Math.abs(a[i]! - a[i - 3]!) <= 1) steps += 1;
  }
  return steps;
}

describe('smoothShare', () => {
  it('is high for a soft gradient, low for grain, and zero for a flat colour', async () => {
    expect(smoothShare(await rgba(await softGradientPng()))).toBeGreaterThan(0.9);
    expect(smoothShare(await rgba(await texturePng('leather-normal')))).toBeLessThan(0.5);
    const flat = await sharp({ create: { width: SIZE, height: SIZE, channels: 3, background: '#335577' } }).png().toBuffer();
    expect(smoothShare(await rgba(flat))).toBe(0);
  });
});

describe('textures per role', () => {
  it('keeps a soft gradient smooth in WebP: no steps where plain quality 80 draws thousands', { timeout: 60_000 }, async () => {
    const source = await softGradientPng();
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const glass = doc.createTexture('glass').setImage(source).setMimeType('image/png');
    doc.createMaterial('glass').setBaseColorTexture(glass);
    await doc.transform(textures({ format: 'webp', maxSize: SIZE }));
    expect(glass.getMimeType()).toBe('image/webp');
    const before = new Uint8Array(await sharp(source).webp({ quality: 80 }).toBuffer());
    const [now, then] = await Promise.all([falseSteps(source, glass.getImage()!), falseSteps(source, before)]);
    expect(then).toBeGreaterThan(1000);
    expect(now).toBeLessThan(then / 100);
  });

  it('encodes a soft gradient in KTX2 UASTC, not ETC1S, and a flat colour in ETC1S', { timeout: 60_000 }, async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const glass = doc.createTexture('glass').setImage(await softGradientPng()).setMimeType('image/png');
    const flat = await sharp({ create: { width: SIZE, height: SIZE, channels: 3, background: '#335577' } }).png().toBuffer();
    const paint = doc.createTexture('paint').setImage(new Uint8Array(flat)).setMimeType('image/png');
    doc.createMaterial('glass').setBaseColorTexture(glass);
    doc.createMaterial('paint').setBaseColorTexture(paint);
    await doc.transform(textures({ format: 'ktx2', maxSize: SIZE }));
    expect(supercompression(glass)).toBe(2);
    expect(supercompression(paint)).toBe(1);
  });

  it('leaves a WebP texture within the size as it is (optimising again costs no quality), and scales a larger one down', async () => {
    const webp = new Uint8Array(await sharp(await softGradientPng()).webp({ quality: 90 }).toBuffer());
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const kept = doc.createTexture('kept').setImage(webp).setMimeType('image/webp');
    const large = doc.createTexture('large').setImage(webp.slice()).setMimeType('image/webp');
    doc.createMaterial('a').setBaseColorTexture(kept);
    doc.createMaterial('b').setEmissiveTexture(large);
    await doc.transform(textures({ format: 'webp', maxSize: SIZE }));
    expect(kept.getImage()).toBe(webp);
    const small = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const scaled = small.createTexture('large').setImage(webp).setMimeType('image/webp');
    small.createMaterial('b').setEmissiveTexture(scaled);
    await small.transform(textures({ format: 'webp', maxSize: SIZE / 2 }));
    expect(await sharp(scaled.getImage()!).metadata()).toMatchObject({ format: 'webp', width: SIZE / 2, height: SIZE / 2 });
  });
});
