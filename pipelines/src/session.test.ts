import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Logger } from '@gltf-transform/core';
import type { KHRMaterialsVariants, MappingList } from '@gltf-transform/extensions';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorldAsset } from '../../assets/src/world';
import { CATALOGUE_FILE } from './catalogue';
import { createIO } from '../../protocol/src/gltf-io';
import { BudgetError, ValidationFailedError } from './errors';
import { MarqueError } from '../../protocol/src/errors';
import { findAsset, MANIFEST_FILE, zoneEntries } from '../../protocol/src/manifest';
import { readManifest } from '../../protocol/src/read-manifest';
import { TARGETS } from '../../protocol/src/targets';
import type { ZoneId } from '../../protocol/src/zones';
import { REPO_ROOT } from './repo-root';
import { BUILD_WORLD_DEFAULTS, buildWorld, type BuildWorldOptions } from './session';
import type { InstanceRecord } from './transforms/instance-repeats';
import { validateGlb } from './transforms/validate-glb';

interface BoxOptions {
  zone?: ZoneId;
  /** Material of the box; `paint` and `rim` are variant slots. */
  material?: string;
  /** Adds a wheel-like second part with a `rim` material. */
  rim?: boolean;
  /** An 8×8 base colour texture. */
  texture?: boolean;
  /** Four sibling nodes sharing one mesh, plus the box. */
  repeats?: boolean;
  /** Makes the output invalid in a way no transform repairs. */
  broken?: boolean;
  /** Changes the geometry, hence the published bytes. */
  size?: number;
  variants?: WorldAsset['variants'];
  lod?: boolean;
  shownIn?: WorldAsset['shownIn'];
}

// prettier-ignore
const BOX_POSITIONS = [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1];
// prettier-ignore
const BOX_INDICES = [0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3];
/** A gradient: a texture of one solid colour would be pruned into a factor. */
const PNG_8X8 = sharp(Buffer.from(Array.from({ length: 8 * 8 * 3 }, (_, i) => (i * 37) % 256)), { raw: { width: 8, height: 8, channels: 3 } })
  .png()
  .toBuffer();

/** A small world asset: a 12-triangle box with a named material, under a root node named after it. */
function box(id: string, options: BoxOptions = {}): WorldAsset {
  return {
    id,
    name: `Box ${id}`,
    zone: options.zone ?? 'museum',
    kind: options.variants ? 'car' : 'prop',
    ...(options.variants ? { variants: options.variants, year: 1961 } : {}),
    ...(options.lod ? { lod: true } : {}),
    ...(options.shownIn ? { shownIn: options.shownIn } : {}),
    build: async () => {
      const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
      const buffer = doc.createBuffer();
      const size = options.size ?? 1;
      const mesh = (name: string, material: string) => {
        const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array(BOX_POSITIONS.map((v) => v * size))).setBuffer(buffer);
        const uv = doc.createAccessor().setType('VEC2').setArray(new Float32Array(BOX_POSITIONS.flatMap((v, i) => (i % 3 === 2 ? [] : [v * 0.5 + 0.5])))).setBuffer(buffer);
        const indices = doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(BOX_INDICES)).setBuffer(buffer);
        const m = doc.createMaterial(material).setBaseColorFactor([0.8, 0.8, 0.8, 1]);
        if (options.broken) m.setEmissiveFactor([5, 5, 5]);
        return doc.createMesh(name).addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setAttribute('TEXCOORD_0', uv).setIndices(indices).setMaterial(m));
      };
      const root = doc.createNode(id);
      const body = mesh('body', options.material ?? 'paint');
      if (options.texture) {
        const texture = doc.createTexture('albedo').setImage(new Uint8Array(await PNG_8X8)).setMimeType('image/png');
        body.listPrimitives()[0].getMaterial()!.setBaseColorTexture(texture);
      }
      root.addChild(doc.createNode('body').setMesh(body));
      if (options.rim) root.addChild(doc.createNode('wheel').setMesh(mesh('wheel', 'rim')).setTranslation([3, 0, 0]));
      if (options.repeats) {
        const plinth = mesh('plinth', 'stone');
        for (const [i, name] of ['plinth_a', 'plinth_b', 'plinth_c', 'plinth_d'].entries()) {
          root.addChild(doc.createNode(name).setMesh(plinth).setTranslation([i * 4, -2, 0]));
        }
      }
      doc.createScene(id).addChild(root);
      return doc;
    },
  };
}

const finish = (name: string, baseColor: string, metallic: number) => ({ name, baseColor, metallic, roughness: 0.4 });
/** A catalogue of our own: the test does not depend on the marque's codes. */
const CATALOGUE = {
  paint: {
    'P-NOIR': { ...finish('Noir', '#000000', 0.9), clearcoat: 1, clearcoatRoughness: 0.03, flake: 0.3 },
    'P-BLANC': { ...finish('Blanc', '#ffffff', 0.1), clearcoat: 0, clearcoatRoughness: 0, flake: 0 },
  },
  wheel: { 'W-ARGENT': finish('Argent', '#cccccc', 1) },
  caliper: { 'C-ROUGE': finish('Rouge', '#aa0000', 0.2) },
  interior: { 'I-NOIR': finish('Cuir', '#111111', 0) },
  trim: { 'T-CHROME': finish('Chrome', '#eeeeee', 1) },
};

let outDir: string;
let cacheDir: string;
let catalogueFile: string;
let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'marque-world-'));
  outDir = path.join(work, 'out');
  cacheDir = path.join(work, 'cache');
  catalogueFile = path.join(work, 'catalogue.json');
  await writeFile(catalogueFile, JSON.stringify(CATALOGUE));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Builds for desktop into the temp folders unless told otherwise. */
function build(sources: WorldAsset[], options: BuildWorldOptions = {}) {
  return buildWorld({ outDir, cacheDir, catalogueFile, targets: ['desktop'], sources, ...options });
}

/** Every file in the output folder with its bytes and modification time. */
async function snapshot(dir = outDir): Promise<Record<string, { bytes: string; mtimeMs: number }>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(
      names.map(async (f) => [f, { bytes: createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex'), mtimeMs: (await stat(path.join(dir, f))).mtimeMs }] as const),
    ),
  );
}

async function failure(attempt: Promise<unknown>): Promise<MarqueError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the build to fail').toBeInstanceOf(MarqueError);
  return error as MarqueError;
}

async function readGlb(file: string): Promise<Document> {
  return (await createIO()).readBinary(new Uint8Array(await readFile(path.join(outDir, file))));
}

describe('buildWorld', () => {
  it('publishes content-hashed, valid glbs and a v2 manifest by target and zone', async () => {
    const sources = [box('alpha', { texture: true }), box('beta', { rim: true }), box('gamma', { zone: 'garage' })];
    const manifest = await build(sources);

    expect(manifest.version).toBe(2);
    expect(Object.keys(manifest.targets)).toEqual(['desktop']);
    const zones = manifest.targets.desktop!.zones;
    expect(Object.keys(zones)).toEqual(['museum', 'garage']);
    expect(zones.museum!.assets.map((a) => a.id)).toEqual(['alpha', 'beta']);
    expect(zones.garage!.assets.map((a) => a.id)).toEqual(['gamma']);
    expect(zones.museum!.budget).toEqual(TARGETS.desktop.budget);
    expect(manifest.catalogue.paint['P-NOIR']).toEqual({ name: 'Noir', baseColor: '#000000' });
    expect(await readManifest(outDir)).toEqual(manifest);
    expect(findAsset(manifest, 'gamma')?.name).toBe('Box gamma');

    for (const zone of [zones.museum!, zones.garage!]) {
      for (const key of ['triangles', 'drawCalls', 'textureBytes', 'bytes', 'gzipBytes'] as const) {
        expect(zone.totals[key], key).toBe(zone.assets.reduce((sum, a) => sum + a[key], 0));
      }
      for (const entry of zone.assets) {
        expect(entry.file).toMatch(new RegExp(`^${entry.id}\\.[0-9a-f]{10}\\.glb$`));
        const bytes = new Uint8Array(await readFile(path.join(outDir, entry.file)));
        expect(createHash('sha256').update(bytes).digest('hex').slice(0, 10)).toBe(entry.file.split('.')[1]);
        expect(entry.bytes).toBe(bytes.byteLength);
        expect(entry.gzipBytes).toBeLessThan(entry.bytes);
        expect(entry.lods).toEqual([]);
        const report = await validateGlb(bytes, { uri: entry.file });
        expect(report.errors, JSON.stringify(report.issues)).toBe(0);
      }
    }
    const alpha = findAsset(manifest, 'alpha')!;
    expect(alpha).toMatchObject({ name: 'Box alpha', kind: 'prop', triangles: 12, drawCalls: 1 });
    // 8×8 RGBA with mipmaps, on the desktop's WebP path.
    expect(alpha.textureBytes).toBe(Math.round((8 * 8 * 4 * 4) / 3));
    expect((await readGlb(alpha.file)).getRoot().listTextures()[0].getMimeType()).toBe('image/webp');
    expect(findAsset(manifest, 'beta')).toMatchObject({ triangles: 24, drawCalls: 2, textureBytes: 0 });
    // Nothing but the glbs and the manifest: no temporary files left behind.
    const published = [...zones.museum!.assets, ...zones.garage!.assets].map((a) => a.file);
    expect((await readdir(outDir)).sort()).toEqual([...published, MANIFEST_FILE].sort());
  });

  it('serves a second build from the cache and leaves the published files as they were', async () => {
    const sources = [box('alpha', { texture: true }), box('beta')];
    const first: boolean[] = [];
    const manifest = await build(sources, { onProgress: (_done, _total, _label, cached) => first.push(cached) });
    expect(first).toEqual([false, false]);
    expect((await readdir(cacheDir)).length).toBeGreaterThan(0);
    const before = await snapshot();

    const second: [number, number, string, boolean][] = [];
    const again = await build(sources, { onProgress: (...args) => second.push(args) });
    expect(second.map(([, , , cached]) => cached)).toEqual([true, true]);
    expect(second.map(([done, total]) => `${done}/${total}`)).toEqual(['1/2', '2/2']);
    expect(second.map(([, , label]) => label).sort()).toEqual(['alpha (desktop)', 'beta (desktop)']);
    expect(again).toEqual(manifest);
    const after = await snapshot();
    // Same glbs, not even rewritten; the manifest has the same content.
    expect(after).toEqual({ ...before, [MANIFEST_FILE]: { ...before[MANIFEST_FILE], mtimeMs: after[MANIFEST_FILE].mtimeMs } });

    // Without the cache the same work gives the same bytes.
    const fresh: boolean[] = [];
    expect(await build(sources, { cacheDir: false, onProgress: (_d, _t, _l, cached) => fresh.push(cached) })).toEqual(manifest);
    expect(fresh).toEqual([false, false]);
  });

  it('builds quest and mobile once, in KTX2, and desktop in WebP', { timeout: 60_000 }, async () => {
    const progress: string[] = [];
    const manifest = await build([box('alpha', { texture: true })], {
      targets: ['desktop', 'quest', 'mobile'],
      onProgress: (_d, total, label) => progress.push(`${label} of ${total}`),
    });
    expect(progress.sort()).toEqual(['alpha (desktop) of 3', 'alpha (mobile) of 3', 'alpha (quest) of 3']);
    const [desktop, quest, mobile] = (['desktop', 'quest', 'mobile'] as const).map((t) => findAsset(manifest, 'alpha', t)!);
    expect(quest.file).toBe(mobile.file);
    expect(desktop.file).not.toBe(quest.file);
    expect(manifest.targets.quest!.zones.museum!.budget).toEqual(TARGETS.quest.budget);
    expect((await readGlb(quest.file)).getRoot().listTextures()[0].getMimeType()).toBe('image/ktx2');
    // KTX2 stays compressed on the GPU: a quarter of the memory.
    expect(desktop.textureBytes / quest.textureBytes).toBeCloseTo(4, 1);
    expect((await readdir(outDir)).sort()).toEqual([desktop.file, quest.file, MANIFEST_FILE].sort());
  });

  it('refuses an invalid output, names the asset and the problem, and leaves the previous publication untouched', async () => {
    await build([box('alpha'), box('beta')]);
    const before = await snapshot();

    const error = await failure(build([box('alpha'), box('hot-lamp', { broken: true })]));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.message).toMatch(/^hot-lamp \(desktop\): the pipeline's output failed glTF validation with \d+ error\(s\); nothing was written or published/);
    expect(error.message).toMatch(/VALUE_NOT_IN_RANGE \/materials\/\d+\/emissiveFactor\/0/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a zone over budget, naming the zone, the figure and the asset, and publishes nothing', async () => {
    const error = await failure(
      build([box('alpha', { texture: true }), box('beta', { rim: true }), box('gamma', { zone: 'garage' })], {
        budgets: { desktop: { drawCalls: 1, triangles: 10, textureBytes: 1 } },
      }),
    );
    expect(error).toBeInstanceOf(BudgetError);
    expect(error.message).toMatch(/^pipelines\/budget: 4 zone budget\(s\) exceeded; nothing was published/);
    const details = error.details!;
    expect(details).toContain('museum (desktop): 3 draw calls, over the budget of 1; heaviest: beta 2, alpha 1');
    expect(details).toContain('museum (desktop): 36 triangles, over the budget of 10; heaviest: beta 24, alpha 12');
    expect(details).toMatch(/museum \(desktop\): 0\.0 MB texture memory, over the budget of 0\.0 MB; heaviest: alpha /);
    expect(details).toContain('garage (desktop): 12 triangles, over the budget of 10; heaviest: gamma 12');
    // gamma's one draw call is within its budget of 1.
    expect(details).not.toMatch(/garage \(desktop\): \d+ draw calls/);
    expect(existsSync(outDir)).toBe(false);
  });

  it('counts an asset shown in other zones in each of their totals and budgets, publishing it once', async () => {
    const sources = [box('coupe', { rim: true, shownIn: ['garage', 'lounge'] }), box('bay', { zone: 'garage' }), box('bar', { zone: 'lounge' })];
    const manifest = await build(sources);
    const zones = manifest.targets.desktop!.zones;
    const coupe = findAsset(manifest, 'coupe')!;
    // Listed once, where it is published; the other zones refer to it.
    expect(zones.museum!.assets.map((a) => a.id)).toEqual(['coupe']);
    expect(zones.garage!.assets.map((a) => a.id)).toEqual(['bay']);
    expect(zones.garage!.shows).toEqual(['coupe']);
    expect(zones.lounge!.shows).toEqual(['coupe']);
    expect(zones.museum!.shows).toBeUndefined();
    expect(zoneEntries(manifest, 'garage').map((a) => a.id)).toEqual(['bay', 'coupe']);
    expect(zoneEntries(manifest, 'garage')[1]).toEqual(coupe);
    const bay = findAsset(manifest, 'bay')!;
    for (const key of ['triangles', 'drawCalls', 'textureBytes', 'bytes', 'gzipBytes'] as const) {
      expect(zones.garage!.totals[key], key).toBe(bay[key] + coupe[key]);
    }
    // One file per asset: nothing is written twice.
    expect((await readdir(outDir)).filter((f) => f.startsWith('coupe.'))).toEqual([coupe.file]);

    // The shown car is what puts the garage over budget, and the message says so.
    const error = await failure(build(sources, { budgets: { desktop: { drawCalls: 2, triangles: 1000, textureBytes: 1e9 } } }));
    expect(error.details!.split('\n')).toContain('garage (desktop): 3 draw calls, over the budget of 2; heaviest: coupe 2, bay 1');
    expect(error.details!.split('\n')).toContain('lounge (desktop): 3 draw calls, over the budget of 2; heaviest: coupe 2, bar 1');
    // The museum, with the car alone, is within it.
    expect(error.details!).not.toMatch(/museum/);
  });

  it('refuses an asset shown in its own zone', async () => {
    const error = await failure(build([box('coupe', { shownIn: ['museum'] })]));
    expect(error.message).toMatch(/^coupe: is published in the museum and cannot also be shown there/);
  });

  it('refuses an unknown variant code, naming it and the catalogue file', async () => {
    const error = await failure(build([box('coupe', { rim: true, variants: { paint: ['P-NOIR', 'P-ROSE'] } })]));
    expect(error.message).toContain('has no paint code "P-ROSE"');
    expect(error.message).toContain(path.relative(process.cwd(), catalogueFile));
    expect(error.details!.split('\n')).toContain('known paint codes: P-NOIR, P-BLANC');
    expect(existsSync(outDir)).toBe(false);
  });

  it('writes variants as KHR_materials_variants `category/CODE`, the default code on the primitive', async () => {
    const manifest = await build([box('coupe', { rim: true, variants: { paint: ['P-NOIR', 'P-BLANC'], wheel: ['W-ARGENT'] } })]);
    const entry = findAsset(manifest, 'coupe')!;
    expect(entry).toMatchObject({ kind: 'car', year: 1961, variants: { paint: ['P-NOIR', 'P-BLANC'], wheel: ['W-ARGENT'] } });

    const doc = await readGlb(entry.file);
    const extension = doc.getRoot().listExtensionsUsed().find((e) => e.extensionName === 'KHR_materials_variants') as KHRMaterialsVariants;
    expect(extension.listVariants().map((v) => v.getName())).toEqual(['paint/P-NOIR', 'paint/P-BLANC', 'wheel/W-ARGENT']);

    const byNode = (name: string) => doc.getRoot().listNodes().find((n) => n.getName() === name)!.getMesh()!.listPrimitives()[0];
    const body = byNode('body');
    // The default code's material is the primitive's own, for viewers without the extension.
    expect(body.getMaterial()!.getName()).toBe('paint/P-NOIR');
    expect(body.getMaterial()!.getBaseColorFactor().slice(0, 3)).toEqual([0, 0, 0]);
    expect(body.getMaterial()!.getMetallicFactor()).toBeCloseTo(0.9);
    expect(body.getMaterial()!.getExtension('KHR_materials_clearcoat')).not.toBeNull();
    const mappings = body.getExtension<MappingList>('KHR_materials_variants')!.listMappings();
    const mapped = Object.fromEntries(mappings.map((m) => [m.listVariants().map((v) => v.getName()).join(','), m.getMaterial()!]));
    expect(Object.keys(mapped).sort()).toEqual(['paint/P-BLANC', 'paint/P-NOIR']);
    expect(mapped['paint/P-BLANC'].getName()).toBe('paint/P-BLANC');
    expect(mapped['paint/P-BLANC'].getBaseColorFactor().slice(0, 3)).toEqual([1, 1, 1]);
    // A matte or gloss-free code carries no clearcoat.
    expect(mapped['paint/P-BLANC'].getExtension('KHR_materials_clearcoat')).toBeNull();

    const wheel = byNode('wheel');
    expect(wheel.getMaterial()!.getName()).toBe('rim/W-ARGENT');
    expect(wheel.getExtension<MappingList>('KHR_materials_variants')!.listMappings().flatMap((m) => m.listVariants().map((v) => v.getName()))).toEqual([
      'wheel/W-ARGENT',
    ]);
    expect(doc.getRoot().listMaterials().map((m) => m.getName())).not.toContain('paint');
  });

  it('draws a repeated mesh once with EXT_mesh_gpu_instancing, keeping the names of what it replaced', async () => {
    const manifest = await build([box('hall', { repeats: true })]);
    const entry = findAsset(manifest, 'hall')!;
    // The box and one instanced draw for the four plinths; triangles count every plinth.
    expect(entry).toMatchObject({ drawCalls: 2, triangles: 5 * 12 });
    expect(manifest.targets.desktop!.zones.museum!.totals.drawCalls).toBe(2);

    const doc = await readGlb(entry.file);
    const instanced = doc.getRoot().listNodes().filter((n) => n.getExtension('EXT_mesh_gpu_instancing'));
    expect(instanced).toHaveLength(1);
    expect(instanced[0].getName()).toBe('plinth');
    expect(instanced[0].getParentNode()?.getName()).toBe('hall');
    const records = (instanced[0].getExtras() as { marque: { instances: InstanceRecord[] } }).marque.instances;
    expect(records.map((r) => r.name)).toEqual(['plinth_a', 'plinth_b', 'plinth_c', 'plinth_d']);
    expect(doc.getRoot().listNodes().map((n) => n.getName())).not.toContain('plinth_a');
  });

  it('publishes lower levels of detail for assets that ask for them', async () => {
    const manifest = await build([box('coupe', { lod: true })]);
    const entry = findAsset(manifest, 'coupe')!;
    expect(entry.lods.map((l) => l.ratio)).toEqual([0.5, 0.2]);
    for (const [i, lod] of entry.lods.entries()) {
      expect(lod.file).toMatch(new RegExp(`^coupe-lod${i + 1}\\.[0-9a-f]{10}\\.glb$`));
      const bytes = new Uint8Array(await readFile(path.join(outDir, lod.file)));
      expect(lod.bytes).toBe(bytes.byteLength);
      expect((await validateGlb(bytes, { uri: lod.file })).errors).toBe(0);
      expect(lod.triangles).toBeLessThanOrEqual(entry.triangles);
    }
  });

  it('removes hashed files the new manifest no longer lists, and nothing else', async () => {
    const first = await build([box('alpha'), box('beta')]);
    await writeFile(path.join(outDir, 'notes.txt'), 'keep me');
    await writeFile(path.join(outDir, 'poster.glb'), 'keep me too');
    await writeFile(path.join(outDir, 'Readme.0123456789.glb'), 'not ours: upper case');
    // Without the cache: it would serve alpha's old build (see the known bug below).
    const second = await build([box('alpha', { size: 2 })], { cacheDir: false });
    const files = await readdir(outDir);
    expect(second.targets.desktop!.zones.museum!.assets.map((a) => a.id)).toEqual(['alpha']);
    const [oldAlpha, oldBeta] = first.targets.desktop!.zones.museum!.assets.map((a) => a.file);
    const newAlpha = findAsset(second, 'alpha')!.file;
    expect(newAlpha).not.toBe(oldAlpha);
    expect(files).not.toContain(oldAlpha);
    expect(files).not.toContain(oldBeta);
    expect(files.sort()).toEqual([newAlpha, MANIFEST_FILE, 'notes.txt', 'poster.glb', 'Readme.0123456789.glb'].sort());
  });

  // Known bug (reported): a custom source is cached under its id, zone, kind, variants, lod
  // and `build.toString()`, so two sources whose build() closes over different data share
  // a key and the second is served the first one's glb. Remove `.fails` once the key
  // covers what build() returns.
  it('rebuilds a source whose build() changed instead of serving the cached one', async () => {
    const small = await build([box('alpha', { size: 1 })]);
    const large = await build([box('alpha', { size: 2 })]);
    expect(findAsset(large, 'alpha')!.file).not.toBe(findAsset(small, 'alpha')!.file);
  });

  it('refuses invalid or repeated ids before building anything', async () => {
    for (const id of ['Bad Id', 'UPPER', '-dash', 'dots.glb', '']) {
      const error = await failure(build([box(id)]));
      expect(error.message).toMatch(/is not a valid asset id: use lower-case letters, digits and dashes/);
      expect(error.unit).toBe(id || '(no id)');
    }
    const error = await failure(build([box('twin'), box('twin', { zone: 'garage' })]));
    expect(error.message).toMatch(/^twin: is listed twice in the sources/);
    expect(existsSync(outDir)).toBe(false);
  });

  it('reports a source that fails to build, naming it', async () => {
    const failing: WorldAsset = {
      ...box('broken'),
      build: () => {
        throw new Error('no wheels');
      },
    };
    await expect(build([failing])).rejects.toThrow(/^broken: could not be built\n\nDetails: no wheels/);
  });

  it('publishes to client/public/assets with the marque catalogue by default', () => {
    expect(BUILD_WORLD_DEFAULTS.outDir).toBe(path.join(REPO_ROOT, 'client', 'public', 'assets'));
    expect(BUILD_WORLD_DEFAULTS.catalogueFile).toBe(CATALOGUE_FILE);
  });
});
