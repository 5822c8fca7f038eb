import { Document, Logger, MathUtils, type mat4, type Node, type vec3, type vec4 } from '@gltf-transform/core';
import { EXTMeshGPUInstancing, type InstancedMesh } from '@gltf-transform/extensions';
import { describe, expect, it } from 'vitest';
import { createIO } from '../../../protocol/src/gltf-io';
import { sceneStats } from '../scene-stats';
import { type InstanceRecord, instanceRepeats } from './instance-repeats';
import { validateGlb } from './validate-glb';

const WHEELS: { name: string; t: vec3; r: vec4; s: vec3 }[] = [
  // Left wheels face out: a half turn about Y, so rotation matters, not only translation.
  { name: 'wheel_fl', t: [0.8, 0.35, 1.3], r: [0, 1, 0, 0], s: [1, 1, 1] },
  { name: 'wheel_fr', t: [-0.8, 0.35, 1.3], r: [0, 0, 0, 1], s: [1, 1, 1] },
  { name: 'wheel_rl', t: [0.8, 0.37, -1.4], r: [0, 1, 0, 0], s: [1.1, 1.1, 1.1] },
  { name: 'wheel_rr', t: [-0.8, 0.37, -1.4], r: [0, 0, 0, 1], s: [1.1, 1.1, 1.1] },
];

function box(doc: Document, name: string) {
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  // prettier-ignore
  const positions = new Float32Array([
    -1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1,
    -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1,
  ]);
  // prettier-ignore
  const indices = new Uint16Array([
    0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4,
    2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3,
  ]);
  const position = doc.createAccessor().setType('VEC3').setArray(positions).setBuffer(buffer);
  const index = doc.createAccessor().setType('SCALAR').setArray(indices).setBuffer(buffer);
  const material = doc.createMaterial(`${name}-material`);
  return doc.createMesh(name).addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setIndices(index).setMaterial(material));
}

/** A car-like tree: a moved and turned root `car` with a body and four wheels sharing one mesh. */
function carDocument(): { doc: Document; car: Node } {
  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const wheel = box(doc, 'wheel-mesh');
  const car = doc.createNode('car').setTranslation([5, 0, -2]).setRotation([0, 0.3826834, 0, 0.9238795]);
  car.addChild(doc.createNode('body').setMesh(box(doc, 'body')));
  for (const w of WHEELS) car.addChild(doc.createNode(w.name).setMesh(wheel).setTranslation(w.t).setRotation(w.r).setScale(w.s));
  doc.createScene('scene').addChild(car);
  return { doc, car };
}

/** World matrix of each original wheel, to compare with the instances after the transform. */
function worldMatrices(doc: Document): Map<string, mat4> {
  return new Map(doc.getRoot().listNodes().filter((n) => n.getName().startsWith('wheel_')).map((n) => [n.getName(), n.getWorldMatrix()]));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 5);
}

describe('instanceRepeats', () => {
  it('puts four wheels in one instanced node named "wheel" under the car, with their local TRS', async () => {
    const { doc, car } = carDocument();
    const before = worldMatrices(doc);
    await doc.transform(instanceRepeats());

    const children = car.listChildren();
    expect(children.map((n) => n.getName()).sort()).toEqual(['body', 'wheel']);
    // Nothing was moved to the scene root: the batch still moves with the car.
    expect(doc.getRoot().listScenes()[0].listChildren()).toEqual([car]);
    const batchNode = children.find((n) => n.getName() === 'wheel')!;
    expect(batchNode.getMesh()!.getName()).toBe('wheel-mesh');
    expect(doc.getRoot().listNodes().filter((n) => n.getName().startsWith('wheel_'))).toHaveLength(0);

    const records = (batchNode.getExtras() as { marque: { instances: InstanceRecord[] } }).marque.instances;
    expect(records).toEqual(WHEELS.map((w) => ({ name: w.name, parent: 'car' })));

    const batch = batchNode.getExtension<InstancedMesh>('EXT_mesh_gpu_instancing')!;
    expect(batch).toBeTruthy();
    const t = batch.getAttribute('TRANSLATION')!;
    const r = batch.getAttribute('ROTATION')!;
    const s = batch.getAttribute('SCALE')!;
    expect(t.getCount()).toBe(4);
    WHEELS.forEach((w, i) => {
      expectClose(t.getElement(i, []), w.t);
      // q and -q are the same rotation: compare up to sign.
      const q = r.getElement(i, []);
      const sign = Math.sign(q.reduce((sum, v, k) => sum + v * w.r[k], 0)) || 1;
      expectClose(q.map((v) => v * sign), w.r);
      expectClose(s.getElement(i, []), w.s);
      // And every instance lands where its wheel was in the world.
      const local = MathUtils.compose(t.getElement(i, []) as unknown as vec3, r.getElement(i, []) as unknown as vec4, s.getElement(i, []) as unknown as vec3, [] as unknown as mat4);
      const world = multiply(batchNode.getWorldMatrix(), local);
      expectClose(world, before.get(w.name)!);
    });

    // One draw for the four wheels, plus the body; triangles still count every wheel.
    expect(sceneStats(doc)).toMatchObject({ drawCalls: 2, triangles: 5 * 12 });
  });

  it('writes a valid GLB with EXT_mesh_gpu_instancing', async () => {
    const { doc } = carDocument();
    await doc.transform(instanceRepeats());
    const glb = await (await createIO()).writeBinary(doc);
    const report = await validateGlb(glb, { uri: 'car.glb' });
    expect(report.errors, JSON.stringify(report.issues)).toBe(0);
    const back = await (await createIO()).readBinary(glb);
    expect(back.getRoot().listExtensionsUsed().map((e) => e.extensionName)).toContain('EXT_mesh_gpu_instancing');
    expect(back.getRoot().listNodes().find((n) => n.getName() === 'wheel')!.getExtras()).toMatchObject({
      marque: { instances: WHEELS.map((w) => ({ name: w.name })) },
    });
  });

  it('keeps nested repeats under their nearest common ancestor, with the path between them folded in', async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const mesh = box(doc, 'bolt');
    const hub = doc.createNode('hub').setTranslation([0, 2, 0]);
    const arms = [0, 1].map((i) => doc.createNode(`arm_${i}`).setTranslation([i * 3, 0, 0]).setScale([2, 2, 2]));
    arms.forEach((arm, i) => arm.addChild(doc.createNode(`bolt_${i}`).setMesh(mesh).setTranslation([0, 0, 1])));
    arms.forEach((arm) => hub.addChild(arm));
    doc.createScene().addChild(hub);
    await doc.transform(instanceRepeats());

    const batchNode = hub.listChildren().find((n) => n.getExtension('EXT_mesh_gpu_instancing'))!;
    expect(batchNode.getName()).toBe('bolt');
    const t = batchNode.getExtension<InstancedMesh>('EXT_mesh_gpu_instancing')!.getAttribute('TRANSLATION')!;
    // arm_i (scale 2, at x = 3i) × bolt (at z = 1) = (3i, 0, 2) relative to the hub.
    expectClose(t.getElement(0, []), [0, 0, 2]);
    expectClose(t.getElement(1, []), [3, 0, 2]);
    expect((batchNode.getExtras() as { marque: { instances: InstanceRecord[] } }).marque.instances).toEqual([
      { name: 'bolt_0', parent: 'arm_0' },
      { name: 'bolt_1', parent: 'arm_1' },
    ]);
  });

  it('leaves alone meshes used once and nodes with children', async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const shared = box(doc, 'shared');
    const root = doc.createNode('root');
    const a = doc.createNode('a').setMesh(shared);
    const b = doc.createNode('b').setMesh(shared).setTranslation([2, 0, 0]);
    const c = doc.createNode('c').setMesh(box(doc, 'single'));
    root.addChild(a).addChild(b).addChild(c);
    b.addChild(doc.createNode('anchor'));
    doc.createScene().addChild(root);
    await doc.transform(instanceRepeats());
    expect(root.listChildren().map((n) => n.getName())).toEqual(['a', 'b', 'c']);
    expect(doc.getRoot().listNodes().some((n) => n.getExtension('EXT_mesh_gpu_instancing'))).toBe(false);
  });

  it('declares EXT_mesh_gpu_instancing only when something is instanced, and drops an unused declaration', async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    doc.createScene().addChild(doc.createNode('single').setMesh(box(doc, 'single')));
    // An input that declares the extension without using it.
    doc.createExtension(EXTMeshGPUInstancing);
    await doc.transform(instanceRepeats());
    const back = await (await createIO()).readBinary(await (await createIO()).writeBinary(doc));
    expect(back.getRoot().listExtensionsUsed().map((e) => e.extensionName)).not.toContain('EXT_mesh_gpu_instancing');
  });
});

describe('instanceRepeats and animation', () => {
  it('never instances an animated node, but instances its unanimated siblings', async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const buffer = doc.createBuffer();
    const mesh = box(doc, 'fan');
    const root = doc.createNode('hall');
    const fans = ['fan_1', 'fan_2', 'fan_3'].map((name, i) => doc.createNode(name).setMesh(mesh).setTranslation([i, 0, 0]));
    fans.forEach((fan) => root.addChild(fan));
    doc.createScene().addChild(root);
    const input = doc.createAccessor().setType('SCALAR').setArray(new Float32Array([0, 1])).setBuffer(buffer);
    const output = doc.createAccessor().setType('VEC4').setArray(new Float32Array([0, 0, 0, 1, 0, 1, 0, 0])).setBuffer(buffer);
    const sampler = doc.createAnimationSampler().setInput(input).setOutput(output);
    doc.createAnimation('spin').addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(fans[0]).setTargetPath('rotation').setSampler(sampler));
    await doc.transform(instanceRepeats());
    const names = root.listChildren().map((n) => n.getName());
    expect(names).toContain('fan_1');
    const batchNode = root.listChildren().find((n) => n.getExtension('EXT_mesh_gpu_instancing'))!;
    expect((batchNode.getExtras() as { marque: { instances: InstanceRecord[] } }).marque.instances.map((i) => i.name)).toEqual(['fan_2', 'fan_3']);
  });
});

describe('instanceRepeats under animated parents', () => {
  /** Four wheels, each the mesh of an unnamed child of its own turning hub (what quantisation makes of animated nodes). */
  function turningWheels(): { doc: Document; hubs: Node[] } {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const buffer = doc.createBuffer();
    const mesh = box(doc, 'wheel-mesh');
    const car = doc.createNode('car');
    const hubs = WHEELS.map((w) => doc.createNode(w.name).setTranslation(w.t).addChild(doc.createNode('').setMesh(mesh)));
    hubs.forEach((hub) => car.addChild(hub));
    doc.createScene().addChild(car);
    const input = doc.createAccessor().setType('SCALAR').setArray(new Float32Array([0, 1])).setBuffer(buffer);
    const output = doc.createAccessor().setType('VEC4').setArray(new Float32Array([0, 0, 0, 1, 1, 0, 0, 0])).setBuffer(buffer);
    const spin = doc.createAnimation('roll');
    for (const hub of hubs) {
      const sampler = doc.createAnimationSampler().setInput(input).setOutput(output);
      spin.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(hub).setTargetPath('rotation').setSampler(sampler));
    }
    return { doc, hubs };
  }

  it('leaves meshes under animated nodes where they are, so they keep turning', async () => {
    const { doc, hubs } = turningWheels();
    await doc.transform(instanceRepeats());
    for (const hub of hubs) expect(hub.listChildren().map((child) => child.getMesh()?.getName())).toEqual(['wheel-mesh']);
    expect(doc.getRoot().listNodes().some((n) => n.getExtension('EXT_mesh_gpu_instancing'))).toBe(false);
  });

  it('still instances repeats under one animated ancestor they all share (a turntable)', async () => {
    const { doc, car } = carDocument();
    const buffer = doc.getRoot().listBuffers()[0];
    const input = doc.createAccessor().setType('SCALAR').setArray(new Float32Array([0, 1])).setBuffer(buffer);
    const output = doc.createAccessor().setType('VEC4').setArray(new Float32Array([0, 0, 0, 1, 0, 1, 0, 0])).setBuffer(buffer);
    const sampler = doc.createAnimationSampler().setInput(input).setOutput(output);
    doc.createAnimation('turntable').addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(car).setTargetPath('rotation').setSampler(sampler));
    await doc.transform(instanceRepeats());
    expect(car.listChildren().map((n) => n.getName()).sort()).toEqual(['body', 'wheel']);
  });
});

/** Column-major a·b. */
function multiply(a: mat4, b: mat4): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k];
  return out;
}
