import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document } from '@gltf-transform/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipelineError, ValidationFailedError } from './errors';
import { type AssetSource, buildWorld, MANIFEST_FILE, readManifest, REPO_ROOT, BUILD_WORLD_DEFAULTS } from './session';
import { validateGlb } from './transforms/validate-glb';

/** A one-triangle model; `broken` makes it invalid in a way clean() does not repair. */
function tinySource(id: string, options: { broken?: 'emissive' | 'index'; zone?: string } = {}): AssetSource {
  return {
    id,
    name: `Tiny ${id}`,
    year: 2000,
    zone: options.zone ?? 'museum',
    build: () => {
      const doc = new Document();
      const buffer = doc.createBuffer();
      const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
      const indices = doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(options.broken === 'index' ? [0, 1, 9] : [0, 1, 2])).setBuffer(buffer);
      const material = doc.createMaterial('paint').setEmissiveFactor(options.broken === 'emissive' ? [5, 5, 5] : [0, 0, 0]);
      const mesh = doc.createMesh(id).addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setIndices(indices).setMaterial(material));
      doc.createScene(id).addChild(doc.createNode(id).setMesh(mesh));
      return doc;
    },
  };
}

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'marque-world-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const snapshot = async (dir: string) =>
  Object.fromEntries(await Promise.all((await readdir(dir)).sort().map(async (f) => [f, await readFile(path.join(dir, f))] as const)));

describe('buildWorld', () => {
  it('publishes every car as a valid, content-hashed glb listed in the manifest', async () => {
    const manifest = await buildWorld({ outDir });
    const museum = manifest.zones.museum;
    expect(museum.map((e) => e.id)).toEqual(BUILD_WORLD_DEFAULTS.sources.map((s) => s.id));
    expect(await readManifest(outDir)).toEqual(manifest);

    for (const entry of museum) {
      expect(entry.file).toMatch(new RegExp(`^${entry.id}\\.[0-9a-f]{10}\\.glb$`));
      const bytes = await readFile(path.join(outDir, entry.file));
      expect(createHash('sha256').update(bytes).digest('hex').slice(0, 10)).toBe(entry.file.split('.')[1]);
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.triangles).toBeGreaterThan(5_000);
      expect(entry.triangles).toBeLessThan(30_000);
      expect(entry.drawCalls).toBeGreaterThan(8);
      const report = await validateGlb(new Uint8Array(bytes), { uri: entry.file });
      expect(report.errors, JSON.stringify(report.issues)).toBe(0);
    }
    // Nothing but the glbs and the manifest: no temporary files left behind.
    expect((await readdir(outDir)).sort()).toEqual([...museum.map((e) => e.file), MANIFEST_FILE].sort());
  });

  it('is deterministic: rebuilding the same sources gives the same files and manifest', async () => {
    const sources = [tinySource('alpha'), tinySource('beta', { zone: 'garage' })];
    const first = await buildWorld({ outDir, sources });
    const before = await snapshot(outDir);
    const second = await buildWorld({ outDir, sources });
    expect(second).toEqual(first);
    expect(await snapshot(outDir)).toEqual(before);
    expect(Object.keys(first.zones)).toEqual(['museum', 'garage']);
  });

  it('refuses an invalid model, names it, and leaves the previous publication intact', async () => {
    await buildWorld({ outDir, sources: [tinySource('alpha')] });
    const before = await snapshot(outDir);

    const attempt = buildWorld({ outDir, sources: [tinySource('alpha'), tinySource('hot-lamp', { broken: 'emissive' })] });
    await expect(attempt).rejects.toThrow(ValidationFailedError);
    await expect(attempt).rejects.toThrow(/^hot-lamp: failed glTF validation/);
    await expect(attempt).rejects.toThrow(/\/materials\/0\/emissiveFactor\/0: Value 5 is out of range/);
    expect(await snapshot(outDir)).toEqual(before);
  });

  it('catches out-of-range indices when nothing cleans them first', async () => {
    const attempt = buildWorld({ outDir, sources: [tinySource('torn', { broken: 'index' })], transforms: [] });
    await expect(attempt).rejects.toThrow(/^torn: [\s\S]*ACCESSOR_INDEX_OOB \/meshes\/0\/primitives\/0\/indices/);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('removes hashed files that the new manifest no longer lists, and nothing else', async () => {
    const first = await buildWorld({ outDir, sources: [tinySource('alpha'), tinySource('beta')] });
    await writeFile(path.join(outDir, 'notes.txt'), 'keep me');
    await writeFile(path.join(outDir, 'poster.glb'), 'keep me too');
    const second = await buildWorld({ outDir, sources: [tinySource('alpha')] });
    expect(second.zones.museum.map((e) => e.id)).toEqual(['alpha']);
    const files = await readdir(outDir);
    expect(files).not.toContain(first.zones.museum[1].file);
    expect(files).toEqual(expect.arrayContaining([second.zones.museum[0].file, MANIFEST_FILE, 'notes.txt', 'poster.glb']));
  });

  it('reports a source that fails to build, and bad or repeated ids', async () => {
    const failing: AssetSource = { ...tinySource('broken'), build: () => { throw new Error('no wheels'); } };
    await expect(buildWorld({ outDir, sources: [failing] })).rejects.toThrow(/^broken: could not be built\n {2}no wheels/);
    await expect(buildWorld({ outDir, sources: [tinySource('Bad Id')] })).rejects.toThrow(PipelineError);
    await expect(buildWorld({ outDir, sources: [tinySource('twin'), tinySource('twin')] })).rejects.toThrow(/^twin: is listed twice/);
  });

  it('publishes to client/public/assets by default', () => {
    expect(BUILD_WORLD_DEFAULTS.outDir).toBe(path.join(REPO_ROOT, 'client', 'public', 'assets'));
  });
});

describe('readManifest', () => {
  it('is undefined before anything is published', async () => {
    expect(await readManifest(outDir)).toBeUndefined();
    expect((await stat(outDir)).isDirectory()).toBe(true);
  });
});
