import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, NodeIO } from '@gltf-transform/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from './errors';
import { readInput } from './read-input';

let dir: string;
let glb: Uint8Array;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marque-input-'));
  const doc = new Document();
  const buffer = doc.createBuffer('data');
  const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer();
  const texture = doc.createTexture('grey').setImage(new Uint8Array(png)).setMimeType('image/png').setURI('grey.png');
  const material = doc.createMaterial('grey').setBaseColorTexture(texture);
  doc.createScene().addChild(
    doc.createNode('tri').setMesh(doc.createMesh('tri').addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setMaterial(material))),
  );
  const io = new NodeIO();
  glb = await io.writeBinary(doc);
  await writeFile(path.join(dir, 'good.glb'), glb);
  await io.write(path.join(dir, 'split.gltf'), doc);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function gltfJson(): Promise<{ buffers: { uri: string; byteLength: number }[]; images: { uri: string }[]; [key: string]: unknown }> {
  return JSON.parse(await readFile(path.join(dir, 'split.gltf'), 'utf8'));
}

describe('readInput refuses bad input, naming the file and what is wrong', () => {
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const cases: [string, () => Uint8Array | string, RegExp][] = [
    ['truncated.glb', () => glb.slice(0, glb.byteLength - 40), /is a truncated GLB: its header says \d+ bytes, the file has \d+/],
    ['stub.glb', () => glb.slice(0, 12), /is a truncated GLB: 12 bytes/],
    ['padded.glb', () => Uint8Array.from([...glb, 0, 0, 0, 0]), /is not a valid GLB: its header says \d+ bytes, the file has \d+/],
    ['version1.glb', () => Uint8Array.from([...glb.slice(0, 4), ...u32(1), ...glb.slice(8)]), /is a GLB version 1; only glTF 2\.0/],
    ['magic.glb', () => Uint8Array.from([0x67, 0x6c, 0x54, 0x58, ...glb.slice(4)]), /is not a GLB: wrong magic[\s\S]*"glTX"/],
    ['photo.gltf', () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), /is not glTF[\s\S]*looks like a JPEG image/],
    ['archive.glb', () => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), /is not a GLB: wrong magic[\s\S]*looks like a ZIP archive/],
    ['notes.gltf', () => 'hello', /is not glTF: neither a GLB nor glTF JSON/],
    ['broken.gltf', () => '{"asset": {"version": "2.0"},', /the file is not valid JSON/],
    ['list.gltf', () => '[1, 2]', /is not glTF/],
    ['no-asset.gltf', () => '{"meshes": []}', /has no "asset" object/],
    ['old.gltf', () => '{"asset": {"version": "1.0"}}', /is glTF 1\.0; only glTF 2\.0 is supported/],
    ['future.gltf', () => '{"asset": {"version": "2.0"}, "extensionsRequired": ["EXT_from_the_future"]}', /requires EXT_from_the_future, which the pipeline cannot read/],
    ['empty.glb', () => new Uint8Array(0), /is empty \(0 bytes\)/],
  ];

  it.each(cases)('%s', async (name, content, message) => {
    const file = path.join(dir, name);
    await writeFile(file, content());
    const attempt = readInput(file);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    // Every message starts with the file it is about.
    await expect(attempt).rejects.toThrow(new RegExp(`^${escape(file)}: `));
  });

  it('missing .bin: names the buffer and where it looked', async () => {
    const json = await gltfJson();
    json.buffers[0].uri = 'elsewhere.bin';
    await writeFile(path.join(dir, 'lonely.gltf'), JSON.stringify(json));
    await expect(readInput(path.join(dir, 'lonely.gltf'))).rejects.toThrow(
      /lonely\.gltf: buffers\[0\] refers to "elsewhere\.bin", which is missing\n\nDetails: looked for .*elsewhere\.bin/,
    );
  });

  it('short .bin: says how many bytes it has and needs', async () => {
    const json = await gltfJson();
    json.buffers[0].byteLength += 100;
    await writeFile(path.join(dir, 'greedy.gltf'), JSON.stringify(json));
    await expect(readInput(path.join(dir, 'greedy.gltf'))).rejects.toThrow(/greedy\.gltf: buffers\[0\] "split\.bin" has \d+ bytes, the glTF needs \d+/);
  });

  it('missing texture: names the image', async () => {
    const json = await gltfJson();
    json.images[0].uri = 'lost.png';
    await writeFile(path.join(dir, 'bare.gltf'), JSON.stringify(json));
    await expect(readInput(path.join(dir, 'bare.gltf'))).rejects.toThrow(/bare\.gltf: images\[0\] refers to "lost\.png", which is missing/);
  });

  it('missing file and folder', async () => {
    await expect(readInput(path.join(dir, 'nowhere.glb'))).rejects.toThrow(/nowhere\.glb: no such file/);
    await expect(readInput(dir)).rejects.toThrow(/: is not a file/);
  });
});

describe('readInput on good input', () => {
  it('reads a .glb and a .gltf with its .bin and texture, the same way', async () => {
    for (const [name, format] of [['good.glb', 'glb'], ['split.gltf', 'gltf']] as const) {
      const input = await readInput(path.join(dir, name));
      expect(input.format).toBe(format);
      expect(input.file).toBe(path.join(dir, name));
      const root = input.document.getRoot();
      expect(root.listMeshes()[0].listPrimitives()[0].getAttribute('POSITION')!.getCount()).toBe(3);
      expect(root.listTextures()[0].getImage()!.byteLength).toBeGreaterThan(0);
      expect(root.listMaterials()[0].getName()).toBe('grey');
    }
  });

  it('loads resources next to a .gltf for the validator', async () => {
    const input = await readInput(path.join(dir, 'split.gltf'));
    expect(new TextDecoder().decode(input.bytes)).toMatch(/^\{/);
    expect(Buffer.from((await input.resource('grey.png')).subarray(1, 4)).toString('latin1')).toBe('PNG');
  });
});
