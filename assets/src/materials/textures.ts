import type { Document, Texture } from '@gltf-transform/core';
import sharp from 'sharp';
import { MarqueError } from '../../../protocol/src/errors';
import { fbm, hash2, seededRandom, worley } from './noise';

/** Width and height of every generated texture, in pixels. */
export const TEXTURE_SIZE = 1024;

/**
 * The marque's procedural textures. Colour maps are sRGB; roughness maps follow glTF's
 * metallicRoughness layout (G = roughness, B = metallic); normal maps are tangent-space,
 * +Y up. All tile seamlessly.
 */
export const TEXTURE_IDS = [
  'terrazzo-color',
  'terrazzo-roughness',
  'brushed-metal-roughness',
  'leather-normal',
  'flake-normal',
  'concrete-color',
  'wood-color',
] as const;
export type TextureId = (typeof TEXTURE_IDS)[number];

interface RawImage {
  data: Uint8Array;
  channels: 3;
}

const N = TEXTURE_SIZE;

function image(): RawImage {
  return { data: new Uint8Array(N * N * 3), channels: 3 };
}

const byte = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

function hexBytes(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Dark terrazzo: a charcoal matrix with bone, grey, black and a few brass chips. */
function terrazzo(): { color: RawImage; roughness: RawImage } {
  const color = image();
  const roughness = image();
  const cloud = fbm(N, 4, 5, 11);
  const fine = fbm(N, 128, 2, 12);
  const chipRough = new Float32Array(N * N).fill(-1);
  const base = hexBytes('#2b2c2f');
  for (let i = 0; i < N * N; i++) {
    const v = (cloud[i] - 0.5) * 18 + (fine[i] - 0.5) * 10;
    color.data[i * 3] = byte(base[0] + v);
    color.data[i * 3 + 1] = byte(base[1] + v);
    color.data[i * 3 + 2] = byte(base[2] + v * 1.1);
  }
  const palette: [string, number][] = [
    ['#b9b4aa', 0.22],
    ['#8f8c86', 0.26],
    ['#5f5b55', 0.28],
    ['#121214', 0.2],
    ['#8c6e43', 0.04],
  ];
  const random = seededRandom(2024);
  for (let c = 0; c < 3000; c++) {
    const cx = random() * N;
    const cy = random() * N;
    const r = 1.2 + random() ** 4 * 10;
    const phase = random() * Math.PI * 2;
    const lobes = 3 + Math.floor(random() * 4);
    let pick = random();
    let hex = palette[0][0];
    for (const [h, w] of palette) {
      if (pick < w) {
        hex = h;
        break;
      }
      pick -= w;
    }
    const rgb = hexBytes(hex);
    const shade = (random() - 0.5) * 24;
    const reach = Math.ceil(r * 1.35);
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const a = Math.atan2(dy, dx);
        const edge = r * (1 + 0.12 * Math.sin(lobes * a + phase) + 0.07 * Math.sin((lobes + 2) * a - phase));
        if (dx * dx + dy * dy > edge * edge) continue;
        const x = (((Math.floor(cx) + dx) % N) + N) % N;
        const y = (((Math.floor(cy) + dy) % N) + N) % N;
        const i = y * N + x;
        const grain = (fine[i] - 0.5) * 20;
        color.data[i * 3] = byte(rgb[0] + shade + grain);
        color.data[i * 3 + 1] = byte(rgb[1] + shade + grain);
        color.data[i * 3 + 2] = byte(rgb[2] + shade + grain);
        chipRough[i] = 0.16 + fine[i] * 0.08;
      }
    }
  }
  for (let i = 0; i < N * N; i++) {
    const r = chipRough[i] >= 0 ? chipRough[i] : 0.3 + cloud[i] * 0.16 + (fine[i] - 0.5) * 0.06;
    roughness.data[i * 3] = 255;
    roughness.data[i * 3 + 1] = byte(r * 255);
    roughness.data[i * 3 + 2] = 0;
  }
  return { color, roughness };
}

/** Brushed metal: fine streaks along U, for metallic surfaces with metallicFactor 1. */
function brushedMetal(): RawImage {
  const out = image();
  const streaks = fbm(N, 2, 4, 21, 256);
  const long = fbm(N, 3, 3, 22, 24);
  for (let i = 0; i < N * N; i++) {
    const r = 0.3 + (streaks[i] - 0.5) * 0.22 + (long[i] - 0.5) * 0.12 + (hash2(i, 0, 23) - 0.5) * 0.04;
    out.data[i * 3] = 255;
    out.data[i * 3 + 1] = byte(r * 255);
    out.data[i * 3 + 2] = 255;
  }
  return out;
}

/** Encodes a height field as a tangent-space normal map. */
function normalsFrom(height: Float32Array, strength: number): RawImage {
  const out = image();
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const xl = (x + N - 1) % N;
      const xr = (x + 1) % N;
      const yu = ((y + N - 1) % N) * N;
      const yd = ((y + 1) % N) * N;
      const dx = (height[y * N + xr] - height[y * N + xl]) * strength;
      // Image rows run down while V runs up, hence the sign.
      const dy = (height[yu + x] - height[yd + x]) * strength;
      const l = Math.hypot(dx, dy, 1);
      const i = (y * N + x) * 3;
      out.data[i] = byte((-dx / l) * 127.5 + 127.5);
      out.data[i + 1] = byte((-dy / l) * 127.5 + 127.5);
      out.data[i + 2] = byte((1 / l) * 127.5 + 127.5);
    }
  }
  return out;
}

/** Pebbled leather grain: rounded cells separated by fine creases. */
function leather(): RawImage {
  const { f1, f2 } = worley(N, 96, 31);
  const soft = fbm(N, 16, 3, 32);
  const height = new Float32Array(N * N);
  for (let i = 0; i < N * N; i++) {
    const crease = Math.min(1, (f2[i] - f1[i]) / 0.35);
    height[i] = Math.sqrt(crease) * 0.8 + soft[i] * 0.4;
  }
  return normalsFrom(height, 2.2);
}

/** Metallic flakes: tiny facets, each tilted at random, for car paint under a clear coat. */
function flakes(): RawImage {
  const out = image();
  const cell = 3;
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      // Offset alternate rows so the flakes do not line up in a grid.
      const row = Math.floor(y / cell);
      const col = Math.floor((x + (row % 2) * 1.5) / cell);
      const tx = (hash2(col, row, 41) - 0.5) * 0.5;
      const ty = (hash2(col, row, 42) - 0.5) * 0.5;
      const l = Math.hypot(tx, ty, 1);
      const i = (y * N + x) * 3;
      out.data[i] = byte((tx / l) * 127.5 + 127.5);
      out.data[i + 1] = byte((ty / l) * 127.5 + 127.5);
      out.data[i + 2] = byte((1 / l) * 127.5 + 127.5);
    }
  }
  return out;
}

/** Sealed concrete: soft clouds, fine speckle and small dark aggregate. */
function concrete(): RawImage {
  const out = image();
  const cloud = fbm(N, 3, 5, 51);
  const fine = fbm(N, 160, 2, 52);
  const base = hexBytes('#77756f');
  for (let i = 0; i < N * N; i++) {
    const speck = hash2(i, 1, 53) > 0.985 ? -22 : 0;
    const v = (cloud[i] - 0.5) * 34 + (fine[i] - 0.5) * 16 + speck;
    out.data[i * 3] = byte(base[0] + v);
    out.data[i * 3 + 1] = byte(base[1] + v);
    out.data[i * 3 + 2] = byte(base[2] + v * 0.95);
  }
  return out;
}

/** Quarter-sawn walnut: grain along U with soft figure. */
function wood(): RawImage {
  const out = image();
  const warp = fbm(N, 3, 4, 61, 6);
  const fibre = fbm(N, 4, 3, 62, 512);
  const dark = hexBytes('#3a2316');
  const light = hexBytes('#7a4d2c');
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      const i = y * N + x;
      const rings = (y / N) * 22 + warp[i] * 3.2;
      const band = 0.5 + 0.5 * Math.sin(rings * Math.PI * 2);
      const t = Math.min(1, Math.max(0, band ** 1.6 * 0.75 + (fibre[i] - 0.5) * 0.6 + 0.12));
      for (let c = 0; c < 3; c++) out.data[i * 3 + c] = byte(dark[c] + (light[c] - dark[c]) * t);
    }
  }
  return out;
}

const pngCache = new Map<TextureId, Promise<Uint8Array>>();

function generate(id: TextureId): RawImage {
  switch (id) {
    case 'terrazzo-color':
      return terrazzo().color;
    case 'terrazzo-roughness':
      return terrazzo().roughness;
    case 'brushed-metal-roughness':
      return brushedMetal();
    case 'leather-normal':
      return leather();
    case 'flake-normal':
      return flakes();
    case 'concrete-color':
      return concrete();
    case 'wood-color':
      return wood();
  }
}

let terrazzoPair: { color: RawImage; roughness: RawImage } | undefined;

/**
 * The PNG bytes of a procedural texture. Generated once per process and shared by every
 * document that uses it; deterministic, so the same code gives the same bytes.
 */
export function texturePng(id: TextureId): Promise<Uint8Array> {
  let png = pngCache.get(id);
  if (!png) {
    if (!(TEXTURE_IDS as readonly string[]).includes(id)) {
      throw new MarqueError('assets/textures', `unknown texture "${id}"`, { details: `use one of ${TEXTURE_IDS.join(', ')}` });
    }
    // The terrazzo colour and roughness share one chip layout; generate the pair together.
    const raw = id.startsWith('terrazzo') ? ((terrazzoPair ??= terrazzo()), id === 'terrazzo-color' ? terrazzoPair.color : terrazzoPair.roughness) : generate(id);
    png = sharp(Buffer.from(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength), {
      raw: { width: N, height: N, channels: raw.channels },
    })
      .png({ compressionLevel: 6 })
      .toBuffer()
      .then((b) => new Uint8Array(b));
    pngCache.set(id, png);
  }
  return png;
}

const docTextures = new WeakMap<Document, Map<TextureId, Texture>>();

/** The document's texture for `id`, created on first use so each image is stored once. */
export async function documentTexture(doc: Document, id: TextureId): Promise<Texture> {
  let textures = docTextures.get(doc);
  if (!textures) docTextures.set(doc, (textures = new Map()));
  const existing = textures.get(id);
  if (existing) return existing;
  const png = await texturePng(id);
  // Another call may have created it while this one awaited the bytes.
  const again = textures.get(id);
  if (again) return again;
  const texture = doc.createTexture(id).setImage(png).setMimeType('image/png').setURI(`${id}.png`);
  textures.set(id, texture);
  return texture;
}
