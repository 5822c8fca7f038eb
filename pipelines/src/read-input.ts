import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from '@gltf-transform/core';
import { InputError } from './errors';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { createIO } from '../../protocol/src/gltf-io';
import { assertValid, validateGlb } from './transforms/validate-glb';

/** An input file that has been checked and parsed. */
export interface InputFile {
  /** Absolute path. */
  file: string;
  format: 'glb' | 'gltf';
  /** The file's own bytes (the .gltf JSON or the whole .glb). */
  bytes: Uint8Array;
  /** Loads a resource the file refers to, relative to it (for the validator). */
  resource: (uri: string) => Promise<Uint8Array>;
  /** Absolute paths of the external files (buffers, images) it refers to, each once. */
  resources: string[];
  document: Document;
}

const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a; // 'JSON'
const CHUNK_BIN = 0x004e4942; // 'BIN\0'

/**
 * Reads a .glb or .gltf from disk, first checking what NodeIO would otherwise report
 * obscurely or not at all: a missing file, wrong magic, a truncated GLB, malformed JSON,
 * a glTF 1.0 file, missing or short buffers and images, and required extensions it cannot read.
 * Every error names the file and says what is wrong.
 */
export async function readInput(input: string): Promise<InputFile> {
  const file = path.resolve(input);
  const bytes = await readBytes(file, input);
  const isGlb = bytes.byteLength >= 4 && u32(bytes, 0) === GLB_MAGIC;
  const { json, bin } = isGlb ? parseGlb(input, bytes) : { json: parseJson(input, bytes, 'the file'), bin: undefined };
  checkAsset(input, json);

  const dir = path.dirname(file);
  const resource = async (uri: string): Promise<Uint8Array> => readFile(resolveUri(dir, uri));
  await checkResources(input, dir, json, bin);
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])]
    .map(({ uri }) => uri)
    .filter((uri): uri is string => uri !== undefined && !uri.startsWith('data:'));
  const resources = [...new Set(uris.map((uri) => resolveUri(dir, uri)))];
  checkRequiredExtensions(input, json);

  const io = await createIO();
  let document: Document;
  try {
    document = await io.read(file);
  } catch (cause) {
    // The validator says where a broken file is broken (a JSON pointer); NodeIO often cannot.
    assertValid(input, await validateGlb(bytes, { uri: input, externalResource: resource }), 'input');
    throw new InputError(input, 'could not be read as glTF', {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
  return { file, format: isGlb ? 'glb' : 'gltf', bytes, resource, resources, document };
}

async function readBytes(file: string, input: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new InputError(input, 'is not a file');
    const bytes = new Uint8Array(await readFile(file));
    if (bytes.byteLength === 0) throw new InputError(input, 'is empty (0 bytes)');
    return bytes;
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(input, 'no such file', { cause });
    throw new InputError(input, `cannot be read (${code ?? String(cause)})`, { cause });
  }
}

function u32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

function parseGlb(input: string, bytes: Uint8Array): { json: unknown; bin?: Uint8Array } {
  if (bytes.byteLength < 20) {
    throw new InputError(input, `is a truncated GLB: ${bytes.byteLength} bytes, shorter than the 20-byte header`);
  }
  const version = u32(bytes, 4);
  if (version !== 2) throw new InputError(input, `is a GLB version ${version}; only glTF 2.0 is supported`);
  const declared = u32(bytes, 8);
  if (declared > bytes.byteLength) {
    throw new InputError(input, `is a truncated GLB: its header says ${declared} bytes, the file has ${bytes.byteLength}`, {
      details: 'the download or export was cut short; fetch or export it again',
    });
  }
  if (declared < bytes.byteLength) {
    throw new InputError(input, `is not a valid GLB: its header says ${declared} bytes, the file has ${bytes.byteLength}`);
  }
  const jsonLength = u32(bytes, 12);
  if (u32(bytes, 16) !== CHUNK_JSON) throw new InputError(input, 'is not a valid GLB: its first chunk is not JSON');
  if (20 + jsonLength > declared) {
    throw new InputError(input, `is a truncated GLB: its JSON chunk needs ${jsonLength} bytes, ${declared - 20} are left`);
  }
  const json = parseJson(input, bytes.subarray(20, 20 + jsonLength), 'the GLB JSON chunk');
  let offset = 20 + jsonLength;
  offset += (4 - (offset % 4)) % 4;
  let bin: Uint8Array | undefined;
  if (offset + 8 <= declared) {
    const binLength = u32(bytes, offset);
    const type = u32(bytes, offset + 4);
    if (type === CHUNK_BIN) {
      if (offset + 8 + binLength > declared) {
        throw new InputError(input, `is a truncated GLB: its BIN chunk needs ${binLength} bytes, ${declared - offset - 8} are left`);
      }
      bin = bytes.subarray(offset + 8, offset + 8 + binLength);
    }
  }
  return { json, bin };
}

function parseJson(input: string, bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw notGltf(input, bytes, cause);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('{')) throw notGltf(input, bytes);
  try {
    return JSON.parse(trimmed);
  } catch (cause) {
    throw new InputError(input, `${what} is not valid JSON`, {
      details: [(cause as Error).message, 'a .gltf truncated or edited by hand often looks like this'].join('\n'),
      cause,
    });
  }
}

/** Recognisable non-glTF formats, for a more helpful message. */
const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x1f, 0x8b], 'a gzip file'],
  [[0x4b, 0x54, 0x58, 0x20], 'a KTX texture'],
  [[0xab, 0x4b, 0x54, 0x58], 'a KTX2 texture'],
  [[0x3c], 'an HTML or XML document'],
  [[0x6f, 0x62, 0x6a, 0x20], 'a Wavefront OBJ file'],
];

function notGltf(input: string, bytes: Uint8Array, cause?: unknown): InputError {
  const head = [...bytes.subarray(0, 4)];
  const hex = head.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = head.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
  const kind = SIGNATURES.find(([sig]) => sig.every((b, i) => head[i] === b))?.[1];
  const details = `it starts with ${hex} ("${text}")${kind ? `, which looks like ${kind}` : ''}`;
  if (path.extname(input).toLowerCase() === '.glb') {
    return new InputError(input, "is not a GLB: wrong magic, expected 67 6c 54 46 ('glTF')", { details, cause });
  }
  return new InputError(input, 'is not glTF: neither a GLB nor glTF JSON', { details, cause });
}

interface GltfJson {
  asset?: { version?: unknown };
  buffers?: { uri?: string; byteLength?: number }[];
  images?: { uri?: string; bufferView?: number }[];
  extensionsRequired?: string[];
}

function checkAsset(input: string, json: unknown): asserts json is GltfJson {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(input, 'is not glTF: its JSON is not an object');
  }
  const asset = (json as GltfJson).asset;
  if (!asset || typeof asset !== 'object') throw new InputError(input, 'is not glTF: its JSON has no "asset" object');
  const version = String(asset.version ?? '');
  if (!version.startsWith('2.')) {
    throw new InputError(input, `is glTF ${version || '(no version)'}; only glTF 2.0 is supported`, {
      details: 'convert it to glTF 2.0 first (for example with Blender or gltf-pipeline)',
    });
  }
}

async function checkResources(input: string, dir: string, json: GltfJson, bin?: Uint8Array): Promise<void> {
  for (const [index, buffer] of (json.buffers ?? []).entries()) {
    const needed = buffer.byteLength ?? 0;
    if (buffer.uri === undefined) {
      // Only the first buffer may live in the GLB's BIN chunk; other buffers without a uri
      // are extension fallbacks (EXT_meshopt_compression) that hold no data.
      if (index > 0 || bin === undefined) continue;
      const available = bin.byteLength;
      if (available < needed) {
        throw new InputError(input, `buffers[${index}] needs ${needed} bytes but the GLB's BIN chunk has ${available}`, {
          details: 'the file is truncated or was written incorrectly',
        });
      }
      continue;
    }
    if (buffer.uri.startsWith('data:')) continue;
    const size = await sizeOf(resolveUri(dir, buffer.uri));
    if (size === undefined) {
      throw new InputError(input, `buffers[${index}] refers to "${buffer.uri}", which is missing`, {
        details: [`looked for ${resolveUri(dir, buffer.uri)}`, 'keep the .bin file next to the .gltf'].join('\n'),
      });
    }
    if (size < needed) {
      throw new InputError(input, `buffers[${index}] "${buffer.uri}" has ${size} bytes, the glTF needs ${needed}`, {
        details: 'the .bin file is truncated or belongs to another export',
      });
    }
  }
  for (const [index, image] of (json.images ?? []).entries()) {
    if (image.uri === undefined || image.uri.startsWith('data:')) continue;
    if ((await sizeOf(resolveUri(dir, image.uri))) === undefined) {
      throw new InputError(input, `images[${index}] refers to "${image.uri}", which is missing`, {
        details: [`looked for ${resolveUri(dir, image.uri)}`, 'keep textures next to the .gltf'].join('\n'),
      });
    }
  }
}

const READABLE = new Set(ALL_EXTENSIONS.map((extension) => extension.EXTENSION_NAME));

function checkRequiredExtensions(input: string, json: GltfJson): void {
  const unknown = (json.extensionsRequired ?? []).filter((name) => !READABLE.has(name));
  if (unknown.length === 0) return;
  throw new InputError(input, `requires ${unknown.join(', ')}, which the pipeline cannot read`, {
    details: 'export it again without that extension, or add support for it to protocol/src/gltf-io.ts',
  });
}

/** A glTF URI (percent-encoded, relative to the file's folder) as a path on disk; invalid encoding is taken literally. */
function resolveUri(dir: string, uri: string): string {
  let decoded = uri;
  try {
    decoded = decodeURIComponent(uri);
  } catch {
    // Not valid percent-encoding: loaders take it as written.
  }
  return path.resolve(dir, decoded);
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}
