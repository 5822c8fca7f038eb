import { Document, Logger } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { clean } from './clean';

function quiet(): Document {
  return new Document().setLogger(new Logger(Logger.Verbosity.WARN));
}

/** Two triangles as a soup: 6 vertices, 2 of them repeated; one primitive per copy. */
function quadDocument(): Document {
  const doc = quiet();
  const buffer = doc.createBuffer();
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

/**
 * A car-like tree: parts with their own names and materials that look identical (trim and
 * rim are both plain grey metal, the four wheels are the same mesh), an anchor node with
 * nothing under it, and extras a client reads.
 */
function carDocument(): Document {
  const doc = quiet();
  const buffer = doc.createBuffer();
  const tri = () =>
    doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  const metal = (name: string) => doc.createMaterial(name).setBaseColorFactor([0.5, 0.5, 0.5, 1]).setMetallicFactor(1);
  const mesh = (name: string, material: string) => doc.createMesh(name).addPrimitive(doc.createPrimitive().setAttribute('POSITION', tri()).setMaterial(metal(material)));
  const car = doc.createNode('car').setExtras({ marque: { id: 'car' } });
  car.addChild(doc.createNode('body').setMesh(mesh('body', 'paint')));
  car.addChild(doc.createNode('trim').setMesh(mesh('trim', 'trim')));
  const wheel = mesh('wheel', 'rim');
  for (const name of ['wheel_fl', 'wheel_fr', 'wheel_rl', 'wheel_rr']) car.addChild(doc.createNode(name).setMesh(wheel));
  car.addChild(doc.createNode('seat_anchor'));
  doc.createScene('car').addChild(car);
  return doc;
}

describe('clean', () => {
  it('keeps every named part and material of a car separate, and its extras', async () => {
    const doc = carDocument();
    await doc.transform(clean());
    const root = doc.getRoot();
    const car = root.listScenes()[0].listChildren()[0];
    expect(car.getName()).toBe('car');
    expect(car.getExtras()).toEqual({ marque: { id: 'car' } });
    expect(car.listChildren().map((n) => n.getName())).toEqual(['body', 'trim', 'wheel_fl', 'wheel_fr', 'wheel_rl', 'wheel_rr']);
    // Same values, different names: still three materials a configurator can address.
    expect(root.listMaterials().map((m) => m.getName()).sort()).toEqual(['paint', 'rim', 'trim']);
    expect(root.listMeshes().map((m) => m.getName()).sort()).toEqual(['body', 'trim', 'wheel']);
  });

  it('drops a leaf node with nothing under it, unless told to keep leaves', async () => {
    const pruned = carDocument();
    await pruned.transform(clean());
    expect(pruned.getRoot().listNodes().map((n) => n.getName())).not.toContain('seat_anchor');
    const kept = carDocument();
    await kept.transform(clean({ keepLeaves: true }));
    expect(kept.getRoot().listNodes().map((n) => n.getName())).toContain('seat_anchor');
  });

  it('merges look-alike named materials only when told names do not matter', async () => {
    const doc = carDocument();
    await doc.transform(clean({ keepUniqueNames: false }));
    // paint, rim and trim are the same grey metal: one material is left.
    expect(doc.getRoot().listMaterials()).toHaveLength(1);
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
    const primitive = doc.getRoot().listMeshes()[0].listPrimitives()[0];
    expect(primitive.getAttribute('POSITION')!.getCount()).toBe(6);
    expect(primitive.getIndices()).toBeNull();
  });
});
