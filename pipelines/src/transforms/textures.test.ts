import { Document, Logger, type Texture } from '@gltf-transform/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { texturePng } from '../../../assets/src/materials/textures';
import { normalMapGrain, textures } from './textures';

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
