/**
 * Bad input through the whole pipeline (optimizeFile, and the CLI as a user runs it): each
 * case fails with an error that names the file and says what is wrong, and nothing is written.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Document, NodeIO } from '@gltf-transform/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, ValidationFailedError } from './errors';
import { MarqueError } from '../../protocol/src/errors';
import { MAX_INPUT_TEXTURE } from './optimize';
import { REPO_ROOT } from './repo-root';
import { optimizeFile } from './optimize-file';

const CORPUS = path.resolve(REPO_ROOT, '../shared/testdata/gltf');
const REAL_GLB = path.join(CORPUS, 'Fox/Fox.glb');

let dir: string;
/** A real GLB when the corpus is there, else a small generated one. */
let realGlb: Uint8Array;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A textured triangle; `texture` replaces its 4×4 PNG. */
async function triangleDocument(texture?: Uint8Array): Promise<Document> {
  const doc = new Document();
  const buffer = doc.createBuffer('data');
  const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  const uv = doc.createAccessor().setType('VEC2').setArray(new Float32Array([0, 0, 1, 0, 0, 1])).setBuffer(buffer);
  const indices = doc.createAccessor().setType('SCALAR').setArray(new Uint16Array([0, 1, 2])).setBuffer(buffer);
  const png = texture ?? new Uint8Array(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).png().toBuffer());
  const image = doc.createTexture('albedo').setImage(png).setMimeType('image/png').setURI('albedo.png');
  const material = doc.createMaterial('paint').setBaseColorTexture(image);
  const primitive = doc.createPrimitive().setAttribute('POSITION', position).setAttribute('TEXCOORD_0', uv).setIndices(indices).setMaterial(material);
  doc.createScene().addChild(doc.createNode('tri').setMesh(doc.createMesh('tri').addPrimitive(primitive)));
  return doc;
}

/** Writes `name.gltf` with its .bin and texture into the temp folder, then lets `edit` change the JSON. */
async function writeGltf(name: string, edit: (json: GltfJson) => void = () => {}): Promise<string> {
  const file = path.join(dir, `${name}.gltf`);
  await new NodeIO().write(file, await triangleDocument());
  const json = JSON.parse(await readFile(file, 'utf8')) as GltfJson;
  edit(json);
  await writeFile(file, JSON.stringify(json));
  return file;
}

interface GltfJson {
  buffers: { uri: string }[];
  images: { uri: string }[];
  accessors: { count: number; bufferView?: number; byteOffset?: number }[];
}

async function listing(): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Runs the attempt and returns its error, which must be a MarqueError that names `file`. */
async function failure(file: string, run = () => optimizeFile(file)): Promise<MarqueError> {
  const files = await listing();
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected an error').toBeInstanceOf(MarqueError);
  const message = (error as Error).message;
  expect(message).toMatch(new RegExp(`^${escape(file)}: `));
  // optimizeFile writes nothing, not even a temporary file next to the input.
  expect(await listing()).toEqual(files);
  return error as MarqueError;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marque-bad-input-'));
  realGlb = existsSync(REAL_GLB) ? new Uint8Array(await readFile(REAL_GLB)) : await new NodeIO().writeBinary(await triangleDocument());
  if (!existsSync(REAL_GLB)) console.warn(`pipelines: ${REAL_GLB} is absent; truncating a generated GLB instead`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('optimizeFile on bad input', () => {
  it('a GLB cut in half', async () => {
    const file = path.join(dir, 'half.glb');
    await writeFile(file, realGlb.subarray(0, realGlb.byteLength >> 1));
    const error = await failure(file);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/is a truncated GLB: its header says \d+ bytes, the file has \d+/);
    expect(error.details!).toMatch(/cut short/);
  });

  it('a GLB with the wrong magic', async () => {
    const file = path.join(dir, 'magic.glb');
    await writeFile(file, Uint8Array.from([0x47, 0x4c, 0x54, 0x46, ...realGlb.subarray(4)]));
    const error = await failure(file);
    expect(error.message).toMatch(/is not a GLB: wrong magic, expected 67 6c 54 46 \('glTF'\)/);
    expect(error.message).toMatch(/starts with 47 4c 54 46 \("GLTF"\)/);
  });

  it('a .gltf whose .bin is missing', async () => {
    const file = await writeGltf('no-bin', (json) => {
      json.buffers[0].uri = 'gone.bin';
    });
    const error = await failure(file);
    expect(error.message).toMatch(/buffers\[0\] refers to "gone\.bin", which is missing/);
    expect(error.message).toContain(path.join(dir, 'gone.bin'));
  });

  it('a .gltf whose texture is missing', async () => {
    const file = await writeGltf('no-texture');
    await rm(path.join(dir, 'albedo.png'));
    const error = await failure(file);
    expect(error.message).toMatch(/images\[0\] refers to "albedo\.png", which is missing/);
  });

  it('an accessor longer than its buffer view: the validator error with its JSON pointer', async () => {
    const file = await writeGltf('too-long', (json) => {
      json.accessors[2].count = 300; // the indices: 600 bytes asked of an 8-byte buffer view
    });
    const error = await failure(file);
    expect(error, error.message).toBeInstanceOf(ValidationFailedError);
    expect(error.message).toMatch(/the input file failed glTF validation with \d+ error\(s\); nothing was published/);
    expect(error.message).toMatch(/error ACCESSOR_TOO_LONG \/accessors\/2: .*does not fit/);
  });

  // Known bug (reported): NodeIO parses the file before the validator sees it, and an
  // interleaved vertex accessor that overruns its buffer view makes NodeIO throw "Offset is
  // outside the bounds of the DataView" — an InputError without the JSON pointer. Remove
  // `.fails` once readInput/optimizeFile validate before (or after a failed) NodeIO read.
  it('an interleaved vertex accessor longer than its buffer view: the validator error with its JSON pointer', async () => {
    const file = await writeGltf('too-long-vertices', (json) => {
      json.accessors[0].count = 300;
    });
    const error = await failure(file);
    expect(error.message).toMatch(/ACCESSOR_TOO_LONG \/accessors\/0/);
  });

  it(`a texture larger than ${MAX_INPUT_TEXTURE} px, named`, async () => {
    const huge = new Uint8Array(await sharp({ create: { width: 16384, height: 16, channels: 3, background: '#000' } }).png().toBuffer());
    const doc = await triangleDocument(huge);
    doc.getRoot().listTextures()[0].setName('billboard-16k');
    const file = path.join(dir, 'huge.glb');
    await writeFile(file, await new NodeIO().writeBinary(doc));
    const error = await failure(file);
    expect(error.message).toMatch(new RegExp(`has a texture larger than ${MAX_INPUT_TEXTURE} px`));
    expect(error.details!.split('\n')).toContain('"billboard-16k" is 16384×16 px');
  });

  it('a PNG renamed .glb, and text renamed .gltf', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer();
    const glb = path.join(dir, 'picture.glb');
    await writeFile(glb, png);
    expect((await failure(glb)).message).toMatch(/is not a GLB: wrong magic[\s\S]*looks like a PNG image/);
    const gltf = path.join(dir, 'readme.gltf');
    await writeFile(gltf, 'This folder holds the showroom models.\n');
    expect((await failure(gltf)).message).toMatch(/is not glTF: neither a GLB nor glTF JSON[\s\S]*"This"/);
  });

  it('reads the good version of the same files (the cases above fail for their reason only)', async () => {
    const file = await writeGltf('fine');
    const result = await optimizeFile(file);
    expect(result.report.errors).toBe(0);
    expect(result.stats.triangles).toBe(1);
    const glb = path.join(dir, 'fine.glb');
    await writeFile(glb, realGlb);
    expect((await optimizeFile(glb)).report.errors).toBe(0);
  });
});

describe('the CLI on bad input', () => {
  const exec = promisify(execFile);
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const cli = path.join(REPO_ROOT, 'pipelines', 'src', 'cli.ts');

  async function optimizeCli(input: string, output: string): Promise<{ code: number; stderr: string }> {
    try {
      const { stderr } = await exec(tsx, [cli, 'optimize', input, output], { cwd: REPO_ROOT, env: { ...process.env, DEBUG: '' } });
      return { code: 0, stderr };
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      return { code, stderr };
    }
  }

  it('writes the output for good input (so the failures below are about the input)', { timeout: 60_000 }, async () => {
    const input = await writeGltf('cli-fine');
    const output = path.join(dir, 'cli-out', 'fine.glb');
    const { code, stderr } = await optimizeCli(input, output);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(existsSync(output)).toBe(true);
  });

  it('refuses an output named .gltf (it would hold GLB bytes), saying what to name it, and writes nothing', { timeout: 60_000 }, async () => {
    const input = await writeGltf('cli-named');
    const output = path.join(dir, 'cli-named-out', 'car.gltf');
    const { code, stderr } = await optimizeCli(input, output);
    expect(code).toBe(2);
    expect(stderr).toContain('optimize writes binary glTF (GLB), so its output must end in .glb, not "car.gltf": name it car.glb');
    expect(existsSync(path.join(dir, 'cli-named-out'))).toBe(false);
  });

  it('exits non-zero with the reason on stderr and writes no output for a truncated GLB', { timeout: 60_000 }, async () => {
    const input = path.join(dir, 'cli-half.glb');
    await writeFile(input, realGlb.subarray(0, realGlb.byteLength >> 1));
    const output = path.join(dir, 'out', 'half.glb');
    const { code, stderr } = await optimizeCli(input, output);
    expect(code).toBe(1);
    expect(stderr).toContain(`${input}: is a truncated GLB`);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits non-zero with the validator error on stderr and writes no output for an invalid .gltf', { timeout: 60_000 }, async () => {
    const input = await writeGltf('cli-too-long', (json) => {
      json.accessors[2].count = 300;
    });
    const output = path.join(dir, 'cli-too-long.out.glb');
    const { code, stderr } = await optimizeCli(input, output);
    expect(code).toBe(1);
    expect(stderr).toMatch(/failed glTF validation/);
    expect(stderr).toMatch(/ACCESSOR_TOO_LONG \/accessors\/2/);
    expect(existsSync(output)).toBe(false);
    expect((await listing()).filter((f) => f.includes('cli-too-long.out'))).toEqual([]);
  });
});
