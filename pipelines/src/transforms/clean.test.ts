import { Document, Logger } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { buildCar, CAR_DEFAULTS, CAR_MATERIALS, CAR_PARTS } from '../../../assets/src/cars/build-car';
import { clean } from './clean';

function quadDocument(): Document {
  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  // Two triangles as a soup: 6 vertices, 2 of them repeated.
  const soup = new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0]);
  const mesh = doc.createMesh('quad');
  for (let i = 0; i < 2; i++) {
    // Identical unnamed accessors, one per primitive: dedup should share them.
    const position = doc.createAccessor().setType('VEC3').setArray(soup.slice()).setBuffer(buffer);
    mesh.addPrimitive(doc.createPrimitive().setAttribute('POSITION', position));
  }
  doc.createScene().addChild(doc.createNode('quad').setMesh(mesh));
  doc.createMaterial('unused');
  doc.createAccessor('orphan').setType('SCALAR').setArray(new Float32Array([1, 2, 3])).setBuffer(buffer);
  return doc;
}

describe('clean', () => {
  it('keeps every named part and material of a car separate', async () => {
    const doc = buildCar({ ...CAR_DEFAULTS, id: 'clean-test' });
    const meshesBefore = doc.getRoot().listMeshes().length;
    await doc.transform(clean());
    const root = doc.getRoot();
    const parts = root.listScenes()[0].listChildren()[0].listChildren().map((n) => n.getName());
    expect([...parts].sort()).toEqual([...CAR_PARTS].sort());
    expect(root.listMaterials().map((m) => m.getName()).sort()).toEqual([...CAR_MATERIALS].sort());
    expect(root.listMeshes()).toHaveLength(meshesBefore);
  });

  it('removes unused properties and duplicate data, and welds vertices', async () => {
    const doc = quadDocument();
    await doc.transform(clean());
    const root = doc.getRoot();
    expect(root.listMaterials()).toHaveLength(0);
    expect(root.listAccessors().find((a) => a.getName() === 'orphan')).toBeUndefined();
    const [a, b] = root.listMeshes()[0].listPrimitives();
    expect(a.getAttribute('POSITION')).toBe(b.getAttribute('POSITION'));
    expect(a.getAttribute('POSITION')!.getCount()).toBe(4);
    expect(a.getIndices()!.getCount()).toBe(6);
  });

  it('can leave geometry unwelded', async () => {
    const doc = quadDocument();
    await doc.transform(clean({ weld: false }));
    expect(doc.getRoot().listMeshes()[0].listPrimitives()[0].getAttribute('POSITION')!.getCount()).toBe(6);
  });
});
