import { type Document, type Node, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MarqueError } from '../../protocol/src/errors';
import { VARIANT_CATEGORIES } from '../../protocol/src/catalogue';
import { CATALOGUE } from './catalogue';
import { CAR_CHASSIS, CAR_MATERIALS, CAR_PARTS } from './cars/build-car';
import { CURRENT_MODEL_ID } from './cars/models';
import { FACTORY_STAGES } from '../../protocol/src/factory-line';
import { buildMuseumHall } from './environments/museum-hall';
import { strokeText } from './geometry/stroke-font';
import { MeshBuilder } from './geometry/mesh-builder';
import type { ZoneId } from '../../protocol/src/zones';
import { WORLD_ASSETS, type WorldAsset } from './world';
import { cloneDocument, getBounds } from '@gltf-transform/functions';
import type { SceneStats } from '../../protocol/src/manifest';
import { sceneStats } from '../../pipelines/src/scene-stats';
import { instanceRepeats } from '../../pipelines/src/transforms/instance-repeats';

const built = new Map<string, Document>();
beforeAll(async () => {
  for (const asset of WORLD_ASSETS) built.set(asset.id, await asset.build());
});

const cars = WORLD_ASSETS.filter((a) => a.kind === 'car');
const environments = WORLD_ASSETS.filter((a) => a.kind === 'environment');
const nodes = (doc: Document): Node[] => doc.getRoot().listNodes();

/** A raised floor area, as environments record them in `extras.marque.floors`. */
interface Floor {
  min: [number, number];
  max: [number, number];
  y: number;
}

/** The floor's height at (x, z), as the client reads it: the highest area there, or 0. */
const floorAt = (floors: Floor[], x: number, z: number): number =>
  Math.max(0, ...floors.filter((f) => x >= f.min[0] && x <= f.max[0] && z >= f.min[1] && z <= f.max[1]).map((f) => f.y));
const named = (doc: Document, name: string): Node | undefined => nodes(doc).find((n) => n.getName() === name);

/** What a document costs to draw once the pipeline has instanced its repeated meshes, as its budgets count it. */
async function drawCost(doc: Document): Promise<SceneStats> {
  const copy = cloneDocument(doc);
  await copy.transform(instanceRepeats());
  return sceneStats(copy);
}

describe('WORLD_ASSETS', () => {
  it('lists unique, valid ids with names, and one environment per zone', () => {
    const ids = WORLD_ASSETS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of WORLD_ASSETS) {
      expect(a.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(a.name.length).toBeGreaterThan(0);
    }
    const zones: ZoneId[] = ['museum', 'factory', 'launch', 'garage', 'lounge'];
    expect(environments.map((e) => e.zone).sort()).toEqual([...zones].sort());
    expect(cars.length).toBeGreaterThanOrEqual(6);
  });

  it('builds every asset into one scene, credited CC0', () => {
    for (const a of WORLD_ASSETS) {
      const doc = built.get(a.id)!;
      expect(doc.getRoot().listScenes(), a.id).toHaveLength(1);
      expect(doc.getRoot().getAsset().copyright).toBe('Marque project, original work, CC0-1.0');
      for (const mesh of doc.getRoot().listMeshes()) {
        for (const prim of mesh.listPrimitives()) expect(prim.getAttribute('TEXCOORD_0'), `${a.id}/${mesh.getName()}`).not.toBeNull();
      }
    }
  });

  it('is deterministic: the same code gives the same bytes', async () => {
    const io = new NodeIO().registerExtensions(ALL_EXTENSIONS);
    const garage = WORLD_ASSETS.find((a) => a.id === 'owners-garage')!;
    const a = await io.writeBinary(await garage.build());
    const b = await io.writeBinary(await garage.build());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe.each(cars.map((c) => [c.id, c] as const))('car %s', (id, car: WorldAsset) => {
  it('is a museum car with LODs and a model year', () => {
    expect(car.zone).toBe('museum');
    expect(car.lod).toBe(true);
    expect(car.year).toBeGreaterThan(1900);
  });

  it('has every part node under its root, and every material by name', () => {
    const doc = built.get(id)!;
    const root = doc.getRoot().listScenes()[0].listChildren()[0];
    expect(root.getExtras()).toEqual({ marque: { kind: 'car' } });
    expect(root.listChildren().map((n) => n.getName()).sort()).toEqual([...CAR_PARTS, CAR_CHASSIS].sort());
    const materials = doc.getRoot().listMaterials().map((m) => m.getName());
    for (const name of ['paint', 'rim', 'tyre', 'caliper', 'glass', 'interior', 'trim', 'light_front', 'light_rear']) {
      expect(materials).toContain(name);
    }
    expect(materials.every((m) => (CAR_MATERIALS as readonly string[]).includes(m))).toBe(true);
    expect(named(doc, 'calipers')!.getMesh()!.listPrimitives()).toHaveLength(1);
    expect(named(doc, 'trim')!.getMesh()!.listPrimitives()[0].getMaterial()!.getName()).toBe('trim');
  });

  it('keeps to 10 primitives and 40k triangles', async () => {
    const doc = built.get(id)!;
    expect(doc.getRoot().listMeshes().reduce((n, m) => n + m.listPrimitives().length, 0)).toBeLessThanOrEqual(10);
    expect((await drawCost(doc)).triangles).toBeLessThanOrEqual(40_000);
    const budget: Record<string, number> = { body: 2, wheel: 2, calipers: 1, glass: 1, interior: 1, trim: 1, lights: 2 };
    for (const mesh of doc.getRoot().listMeshes()) expect(mesh.listPrimitives().length).toBeLessThanOrEqual(budget[mesh.getName()]);
  });

  it('offers only catalogue codes, and the current model offers all of them', () => {
    for (const category of VARIANT_CATEGORIES) {
      const codes = car.variants?.[category] ?? [];
      expect(codes.length, category).toBeGreaterThan(0);
      for (const code of codes) expect(CATALOGUE[category][code], `${category} ${code}`).toBeDefined();
      if (id === CURRENT_MODEL_ID) expect([...codes].sort()).toEqual(Object.keys(CATALOGUE[category]).sort());
    }
  });
});

/** Anchors each zone's environment must have, beyond `anchor_spawn`. */
const ANCHORS: Record<string, string[]> = {
  'museum-hall': cars.map((_, i) => `anchor_car_${i}`),
  'factory-line': FACTORY_STAGES.map((s) => `anchor_station_${s}`),
  'launch-venue': ['anchor_car_0'],
  'owners-garage': ['anchor_car_0'],
  'dealer-lounge': ['anchor_car_0'],
};

describe.each(environments.map((e) => [e.id, e] as const))('environment %s', (id) => {
  it('has its anchors, marked for the client', () => {
    const doc = built.get(id)!;
    expect(named(doc, 'anchor_spawn')!.getExtras()).toEqual({ marque: { anchor: 'spawn' } });
    for (const name of ANCHORS[id]) {
      const anchor = named(doc, name);
      expect(anchor, name).toBeDefined();
      expect(anchor!.getMesh()).toBeNull();
      expect((anchor!.getExtras() as { marque: { anchor: string } }).marque.anchor).toBe('car');
    }
    expect(named(doc, `anchor_car_${ANCHORS[id].length}`)).toBeUndefined();
  });

  it('spawns a visitor on its floor, inside the walkable area, clear of the cars and facing them', () => {
    const doc = built.get(id)!;
    const matrix = named(doc, 'anchor_spawn')!.getWorldMatrix();
    const [x, y, z] = [matrix[12], matrix[13], matrix[14]];
    // Anchors face their +Z: the third column of the world matrix.
    const facing = Math.atan2(matrix[8], matrix[10]);
    const floors = (named(doc, id)!.getExtras() as { marque: { floors?: Floor[] } }).marque.floors ?? [];
    expect(y).toBeCloseTo(floorAt(floors, x, z), 5);
    // The client lets visitors walk a metre inside the environment's bounds.
    const { min, max } = getBounds(doc.getRoot().listScenes()[0]);
    expect(x).toBeGreaterThan(min[0] + 1);
    expect(x).toBeLessThan(max[0] - 1);
    expect(z).toBeGreaterThan(min[2] + 1);
    expect(z).toBeLessThan(max[2] - 1);
    const cars = ANCHORS[id].map((name) => named(doc, name)!.getWorldMatrix()).map((m) => [m[12], m[14]] as const);
    for (const [cx, cz] of cars) expect(Math.hypot(cx - x, cz - z)).toBeGreaterThan(3);
    // The cars' middle is within 35° of straight ahead.
    const [mx, mz] = [cars.reduce((sum, [cx]) => sum + cx, 0) / cars.length, cars.reduce((sum, [, cz]) => sum + cz, 0) / cars.length];
    const off = Math.atan2(mx - x, mz - z) - facing;
    expect(Math.abs(Math.atan2(Math.sin(off), Math.cos(off)))).toBeLessThan((35 * Math.PI) / 180);
  });

  it('shares meshes between repeated props, as siblings the pipeline can instance', () => {
    const doc = built.get(id)!;
    const shared = nodes(doc).some((parent) => {
      const meshes = parent.listChildren().map((c) => c.getMesh()).filter(Boolean);
      return meshes.length >= 2 && new Set(meshes).size < meshes.length;
    });
    expect(shared).toBe(true);
  });

  it('reuses one material per look', () => {
    const names = built.get(id)!.getRoot().listMaterials().map((m) => m.getName());
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('zones', () => {
  const zoneStats = async (zone: ZoneId): Promise<SceneStats> => {
    const env = environments.find((e) => e.zone === zone)!;
    // Every car the zone shows: those published in it and those it shows from another zone.
    const shown = await Promise.all(cars.filter((c) => c.zone === zone || c.shownIn?.includes(zone)).map((c) => drawCost(built.get(c.id)!)));
    return [await drawCost(built.get(env.id)!), ...shown].reduce((a, b) => ({
      drawCalls: a.drawCalls + b.drawCalls,
      triangles: a.triangles + b.triangles,
      textureBytes: a.textureBytes + b.textureBytes,
    }));
  };

  it('shows the current model in every zone but the museum, and every car in the museum', () => {
    const shownIn = (zone: ZoneId) => cars.filter((c) => c.zone === zone || c.shownIn?.includes(zone)).map((c) => c.id);
    expect(shownIn('museum')).toEqual(cars.map((c) => c.id));
    for (const zone of ['factory', 'launch', 'garage', 'lounge'] as const) expect(shownIn(zone)).toEqual([CURRENT_MODEL_ID]);
  });

  it.each(['museum', 'factory', 'launch', 'garage', 'lounge'] as const)('%s keeps to 100 draws, 300k triangles, 128 MB of textures', async (zone) => {
    const s = await zoneStats(zone);
    expect(s.drawCalls).toBeLessThanOrEqual(100);
    expect(s.triangles).toBeLessThanOrEqual(300_000);
    expect(s.textureBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
  });

  it('museum: one plinth mesh under one parent, one per car, with a car anchor on top of each', () => {
    const doc = built.get('museum-hall')!;
    const plinths = named(doc, 'plinths')!.listChildren();
    expect(plinths).toHaveLength(cars.length);
    expect(new Set(plinths.map((p) => p.getMesh())).size).toBe(1);
    expect(new Set(named(doc, 'lecterns')!.listChildren().map((p) => p.getMesh())).size).toBe(1);
    plinths.forEach((p, i) => {
      const a = named(doc, `anchor_car_${i}`)!.getTranslation();
      expect([a[0], a[2]]).toEqual([p.getTranslation()[0], p.getTranslation()[2]]);
      expect(a[1]).toBeGreaterThan(0.1);
    });
  });

  it('factory: robots share each part mesh, with pivots at the joints', () => {
    const doc = built.get('factory-line')!;
    const robots = named(doc, 'robots')!.listChildren();
    expect(robots.length).toBeGreaterThanOrEqual(2);
    for (const part of ['base', 'arm_lower', 'arm_upper', 'head']) {
      const parts = nodes(doc).filter((n) => n.getName() === part);
      expect(parts).toHaveLength(robots.length);
      expect(new Set(parts.map((p) => p.getMesh())).size).toBe(1);
    }
    const lower = nodes(doc).find((n) => n.getName() === 'arm_lower')!;
    expect(lower.getParentNode()!.getName()).toBe('shoulder');
    for (const stage of FACTORY_STAGES) {
      expect((named(doc, `anchor_station_${stage}`)!.getExtras() as { marque: { station: string } }).marque.station).toBe(stage);
    }
  });

  it('launch: visitors arrive on a tier of the audience, above the ground and off the stage, facing it', () => {
    const doc = built.get('launch-venue')!;
    const floors = (named(doc, 'launch-venue')!.getExtras() as { marque: { floors: Floor[] } }).marque.floors;
    const spawn = named(doc, 'anchor_spawn')!.getWorldMatrix();
    const stage = floors.find((f) => f.min[1] < named(doc, 'turntable')!.getTranslation()[2] && f.max[1] > named(doc, 'turntable')!.getTranslation()[2])!;
    expect(spawn[13]).toBeGreaterThan(0);
    expect(spawn[13]).not.toBe(stage.y);
    expect(spawn[14]).toBeGreaterThan(stage.max[1] + 5);
    // Facing −Z, where the stage is.
    expect(spawn[10]).toBeCloseTo(-1, 5);
    // In the aisle: no seat where the visitor stands.
    for (const seat of named(doc, 'seats')!.listChildren()) {
      const [sx, , sz] = seat.getTranslation();
      expect(Math.hypot(sx - spawn[12], sz - spawn[14])).toBeGreaterThan(0.7);
    }
  });

  it('launch: a screen with its own material and 0..1 UVs, and the car anchor on the turntable', () => {
    const doc = built.get('launch-venue')!;
    const screen = named(doc, 'screen')!.getMesh()!;
    expect(screen.getName()).toBe('screen');
    const prim = screen.listPrimitives()[0];
    expect(prim.getMaterial()!.getName()).toBe('screen');
    const uv = prim.getAttribute('TEXCOORD_0')!;
    expect(uv.getMin([0, 0])).toEqual([0, 0]);
    expect(uv.getMax([0, 0]).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 1]);
    const turntable = named(doc, 'turntable')!;
    expect(turntable.getMesh()).not.toBeNull();
    expect(named(doc, 'anchor_car_0')!.getParentNode()).toBe(turntable);
  });
});

describe('bad parameters', () => {
  it('say which unit failed and what to do', async () => {
    await expect(buildMuseumHall(0)).rejects.toThrow(MarqueError);
    await expect(buildMuseumHall(12)).rejects.toThrow(/assets\/environments: the museum hall holds 1 to 8 cars, not 12/);
    expect(() => strokeText(new MeshBuilder(), 'MARQUE!', { height: 1 })).toThrow(/assets\/geometry: the stroke font has no "!"/);
  });
});
