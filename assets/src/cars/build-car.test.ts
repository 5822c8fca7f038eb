import { type Document, getBounds, NodeIO } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { describe, expect, it } from 'vitest';
import { MarqueError } from '../../../protocol/src/errors';
import { catalogueEntry } from '../catalogue';
import { linear } from '../materials/pbr';
import { buildCar, CAR_CHASSIS, CAR_DEFAULTS, CAR_DOORS, CAR_MATERIALS, CAR_PARTS } from './build-car';
import { CAR_MODELS } from './models';

function triangles(doc: Document): number {
  let total = 0;
  for (const node of doc.getRoot().listNodes()) {
    for (const prim of node.getMesh()?.listPrimitives() ?? []) total += prim.getIndices()!.getCount() / 3;
  }
  return total;
}

describe.each(CAR_MODELS.map((m) => [m.id, m] as const))('%s', (_id, model) => {
  const doc = buildCar(model.params);
  const root = doc.getRoot();
  const scene = root.listScenes()[0];

  it('has one root node named after the model, with exactly the configurable parts and the doors\' skeleton', () => {
    expect(scene.listChildren().map((n) => n.getName())).toEqual([model.id]);
    const children = scene.listChildren()[0].listChildren();
    expect(children.map((n) => n.getName()).sort()).toEqual([...CAR_PARTS, CAR_CHASSIS].sort());
    for (const part of children.filter((n) => n.getName() !== CAR_CHASSIS)) expect(part.getMesh()).not.toBeNull();
  });

  it('hinges a door on each side, carrying its panel, glass, card and brightwork with it', () => {
    const nodes = new Map(root.listNodes().map((n) => [n.getName(), n]));
    const [skin] = root.listSkins();
    expect(skin.listJoints().map((j) => j.getName())).toEqual([CAR_CHASSIS, CAR_DOORS.left, CAR_DOORS.right]);
    for (const part of ['body', 'glass', 'interior', 'trim']) expect(nodes.get(part)!.getSkin()).toBe(skin);
    const left = nodes.get(CAR_DOORS.left)!;
    const right = nodes.get(CAR_DOORS.right)!;
    // Mirror images: the hinges at the body's sides on one line, opening outwards.
    expect(left.getTranslation()[0]).toBeGreaterThan(0.6);
    expect(right.getTranslation()[0]).toBeCloseTo(-left.getTranslation()[0], 6);
    expect(right.getTranslation()[2]).toBeCloseTo(left.getTranslation()[2], 6);
    const angle = (n: typeof left) => (n.getExtras() as { marque: { kind: string; openAngle: number } }).marque;
    expect(angle(left)).toEqual({ kind: 'door', openAngle: expect.any(Number) });
    expect(angle(right).openAngle).toBeCloseTo(-angle(left).openAngle, 6);

    const hinge = left.getTranslation();
    const swing = angle(left).openAngle;
    for (const part of ['body', 'interior'] as const) {
      let onDoor = 0;
      for (const prim of nodes.get(part)!.getMesh()!.listPrimitives()) {
        const joints = prim.getAttribute('JOINTS_0')!.getArray()!;
        const weights = prim.getAttribute('WEIGHTS_0')!.getArray()!;
        const positions = prim.getAttribute('POSITION')!.getArray()!;
        for (let v = 0; v < positions.length / 3; v++) {
          expect(weights[v * 4]).toBe(1);
          if (joints[v * 4] !== 1) continue;
          onDoor++;
          const [x, , z] = [positions[v * 3], positions[v * 3 + 1], positions[v * 3 + 2]];
          // On the left, behind the hinge (the cockpit rim rounds its corner just ahead); swung open, it stands out from the side it closed.
          expect(x).toBeGreaterThan(0);
          expect(z).toBeLessThanOrEqual(hinge[2] + 0.03);
          const dx = x - hinge[0];
          const dz = z - hinge[2];
          const openX = hinge[0] + dx * Math.cos(swing) + dz * Math.sin(swing);
          if (dz < -0.3) expect(openX).toBeGreaterThan(x + 0.1);
        }
      }
      expect(onDoor, `${part} vertices on the left door`).toBeGreaterThan(50);
    }
  });

  it('has exactly the named materials, in the catalogue values of its default codes', () => {
    const byName = new Map(root.listMaterials().map((m) => [m.getName(), m]));
    expect([...byName.keys()].sort()).toEqual([...CAR_MATERIALS].sort());
    const paint = byName.get('paint')!;
    const launch = catalogueEntry('paint', model.variants.paint[0]);
    expect(paint.getMetallicFactor()).toBeCloseTo(launch.metallic);
    expect(paint.getRoughnessFactor()).toBeCloseTo(launch.roughness);
    expect(paint.getBaseColorFactor().slice(0, 3)).toEqual([...linear(launch.baseColor)]);
    expect(byName.get('rim')!.getRoughnessFactor()).toBeCloseTo(catalogueEntry('wheel', model.variants.wheel[0]).roughness);
    const glass = byName.get('glass')!;
    expect(glass.getAlphaMode()).toBe('BLEND');
    expect(glass.getAlpha()).toBeLessThan(1);
    for (const lamp of ['light_front', 'light_rear']) {
      expect(Math.max(...byName.get(lamp)!.getEmissiveFactor())).toBeGreaterThan(0.5);
    }
  });

  it('instances one wheel mesh four times', () => {
    const wheels = root.listNodes().filter((n) => n.getName().startsWith('wheel_'));
    expect(wheels).toHaveLength(4);
    expect(new Set(wheels.map((w) => w.getMesh())).size).toBe(1);
  });

  it('sits on the ground, faces +Z, and is the size of a car', () => {
    const { min, max } = getBounds(scene);
    expect(Math.abs(min[1])).toBeLessThan(0.002);
    const length = max[2] - min[2];
    expect(length).toBeGreaterThan(model.params.length * 0.97);
    expect(length).toBeLessThan(model.params.length * 1.01);
    expect(length).toBeGreaterThan(4);
    expect(length).toBeLessThan(5.2);
    expect(max[0] - min[0]).toBeLessThan(model.params.width + 0.03);
    expect(max[1]).toBeGreaterThan(model.params.height * 0.97);
    expect(max[1]).toBeLessThan(model.params.height * 1.03);
    // Left and right are mirror images (within a millimetre or two of tessellation).
    expect(Math.abs(min[0] + max[0])).toBeLessThan(0.004);
    // The front wheels are ahead of the rear ones: the car faces +Z.
    const z = (name: string) => root.listNodes().find((n) => n.getName() === name)!.getTranslation()[2];
    expect(z('wheel_fl')).toBeGreaterThan(z('wheel_rl'));
    // The left of a car facing +Z (with +Y up) is +X.
    expect(root.listNodes().find((n) => n.getName() === 'wheel_fl')!.getTranslation()[0]).toBeGreaterThan(0);
  });

  it('stays within the triangle and primitive budgets', () => {
    expect(triangles(doc)).toBeLessThan(40_000);
    expect(root.listMeshes().reduce((n, m) => n + m.listPrimitives().length, 0)).toBeLessThanOrEqual(10);
    expect(triangles(doc)).toBeGreaterThan(5_000);
  });

  it('has unit normals and finite positions', () => {
    for (const mesh of root.listMeshes()) {
      for (const prim of mesh.listPrimitives()) {
        const normals = prim.getAttribute('NORMAL')!.getArray()!;
        for (let i = 0; i < normals.length; i += 3) {
          expect(Math.hypot(normals[i], normals[i + 1], normals[i + 2])).toBeCloseTo(1, 3);
        }
        expect(prim.getAttribute('POSITION')!.getArray()!.every(Number.isFinite)).toBe(true);
      }
    }
  });
});

describe('buildCar', () => {
  it('is deterministic: the same parameters give the same bytes', async () => {
    const io = new NodeIO().registerExtensions(ALL_EXTENSIONS);
    const a = await io.writeBinary(buildCar(CAR_DEFAULTS));
    const b = await io.writeBinary(buildCar(CAR_DEFAULTS));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('refuses impossible proportions, naming the car and the problem', () => {
    expect(() => buildCar({ ...CAR_DEFAULTS, id: 'stubby', wheelbase: 4.5 })).toThrow(MarqueError);
    expect(() => buildCar({ ...CAR_DEFAULTS, id: 'stubby', wheelbase: 4.5 })).toThrow(/assets\/cars: invalid parameters for "stubby"[\s\S]*wheelbase/);
    expect(() => buildCar({ ...CAR_DEFAULTS, glassTint: 'red' })).toThrow(/"red" is not a #rrggbb colour/);
    expect(() => buildCar({ ...CAR_DEFAULTS, id: 'targa', roof: 'targa' as 'open' })).toThrow(/roof must be "fixed" or "open"/);
    expect(() => buildCar({ ...CAR_DEFAULTS, finish: { ...CAR_DEFAULTS.finish, paint: 'P-PINK' } })).toThrow(/no paint "P-PINK"/);
  });
});

describe('CAR_MODELS', () => {
  it('lists distinct fictional models with ids, names, years and paint colours', () => {
    expect(CAR_MODELS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(CAR_MODELS.map((m) => m.id)).size).toBe(CAR_MODELS.length);
    for (const m of CAR_MODELS) {
      expect(m.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(m.name.length).toBeGreaterThan(0);
      expect(m.year).toBeGreaterThan(1900);
      expect(m.paint).toMatch(/^#[0-9a-f]{6}$/i);
      expect(m.params.id).toBe(m.id);
      expect(m.params.finish.paint).toBe(m.variants.paint[0]);
      expect(catalogueEntry('paint', m.variants.paint[0]).baseColor).toBe(m.paint);
    }
  });
});
