import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, NodeIO } from '@gltf-transform/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from './errors';
import { loadDecoders } from './create-io';
import { processFile, REPO_ROOT } from './session';

let dir: string;
let glb: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marque-input-'));
  const doc = new Document();
  const buffer = doc.createBuffer('data');
  const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  doc.createScene().addChild(doc.createNode('tri').setMesh(doc.createMesh('tri').addPrimitive(doc.createPrimitive().setAttribute('POSITION', position))));
  const io = new NodeIO();
  glb = await io.writeBinary(doc);
  await writeFile(path.join(dir, 'good.glb'), glb);
  await io.write(path.join(dir, 'split.gltf'), doc);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('processFile on bad input', () => {
  const cases: [string, () => Promise<Uint8Array | string>, RegExp][] = [
    ['truncated.glb', async () => glb.slice(0, glb.byteLength - 40), /is a truncated GLB: its header says \d+ bytes, the file has \d+/],
    ['stub.glb', async () => glb.slice(0, 12), /is a truncated GLB: 12 bytes/],
    ['magic.glb', async () => Uint8Array.from([0x67, 0x6c, 0x54, 0x58, ...glb.slice(4)]), /is not a GLB: wrong magic[\s\S]*"glTX"/],
    ['photo.gltf', async () => Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), /is not glTF[\s\S]*looks like a JPEG image/],
    ['notes.gltf', async () => 'hello', /is not glTF: neither a GLB nor glTF JSON/],
    ['broken.gltf', async () => '{"asset": {"version": "2.0"},', /is not valid JSON/],
    ['old.gltf', async () => '{"asset": {"version": "1.0"}}', /is glTF 1\.0; only glTF 2\.0 is supported/],
    ['empty.glb', async () => new Uint8Array(0), /is empty/],
  ];

  it.each(cases)('%s', async (name, content, message) => {
    const file = path.join(dir, name);
    await writeFile(file, await content());
    const attempt = processFile(file);
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(message);
    // Every message starts with the file it is about.
    await expect(attempt).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it('missing .bin: names the buffer and where it looked', async () => {
    const json = JSON.parse(await readFile(path.join(dir, 'split.gltf'), 'utf8'));
    json.buffers[0].uri = 'elsewhere.bin';
    await writeFile(path.join(dir, 'lonely.gltf'), JSON.stringify(json));
    await expect(processFile(path.join(dir, 'lonely.gltf'))).rejects.toThrow(
      /lonely\.gltf: buffers\[0\] refers to "elsewhere\.bin", which is missing\n {2}looked for .*elsewhere\.bin/,
    );
  });

  it('missing file', async () => {
    await expect(processFile(path.join(dir, 'nowhere.glb'))).rejects.toThrow(/nowhere\.glb: no such file/);
  });

  it('reads good input in both layouts', async () => {
    for (const name of ['good.glb', 'split.gltf']) {
      const result = await processFile(path.join(dir, name));
      expect(result.input.errors).toBe(0);
      expect(result.output.errors).toBe(0);
      expect(result.triangles).toBe(1);
    }
  });
});

const TESTDATA = path.resolve(REPO_ROOT, '..', 'shared', 'testdata', 'gltf');
const hasTestdata = existsSync(TESTDATA);
if (!hasTestdata) console.warn(`pipelines: skipping third-party glTF tests: ${TESTDATA} is absent (see GUIDE.md)`);

describe.runIf(hasTestdata)('processFile on real third-party files', () => {
  const plain: [string, string][] = [
    ['GLB with PBR textures', 'DamagedHelmet/DamagedHelmet.glb'],
    ['.gltf + .bin + PNGs, clearcoat, sheen, transmission', 'ToyCar/ToyCar.gltf'],
    ['non-ASCII folder, file and property names', 'Unicode❤♻Test/Unicode❤♻Test.glb'],
    ['quantised geometry and morph targets', 'AnimatedMorphCube-Quantized/AnimatedMorphCube.gltf'],
    ['every primitive mode', 'MeshPrimitiveModes/MeshPrimitiveModes.gltf'],
    ['skin and animations, no indices', 'Fox/Fox.glb'],
    ['materials variants', 'GlamVelvetSofa/GlamVelvetSofa.glb'],
  ];
  it.each(plain)('%s (%s)', async (_what, file) => {
    const result = await processFile(path.join(TESTDATA, file));
    expect(result.input.errors).toBe(0);
    expect(result.output.errors).toBe(0);
    expect(result.triangles).toBeGreaterThan(0);
  });

  const compressed: [string, string, 'draco' | 'meshopt'][] = [
    ['Draco', 'CesiumMan-Draco/CesiumMan.gltf', 'draco'],
    ['meshopt', 'BoxMeshopt/BoxMeshopt.glb', 'meshopt'],
  ];
  it.each(compressed)('%s compressed geometry (%s)', async (_what, file, decoder) => {
    const attempt = processFile(path.join(TESTDATA, file));
    if ((await loadDecoders())[decoder]) {
      const result = await attempt;
      expect(result.output.errors).toBe(0);
      expect(result.triangles).toBeGreaterThan(0);
    } else {
      console.warn(`pipelines: no ${decoder} decoder installed; checking only that the file is refused clearly`);
      await expect(attempt).rejects.toThrow(/no decoder for it is installed/);
    }
  });
});
