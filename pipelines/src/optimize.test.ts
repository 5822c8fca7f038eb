import { Document, getBounds, type ILogger, Logger, type Node } from '@gltf-transform/core';
import { createIO } from '../../protocol/src/gltf-io';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { optimizeDocument } from './optimize';

/** A logger that records warnings and errors, what a WARN-level logger (the pipeline's) prints. */
class RecordingLogger implements ILogger {
  readonly lines: string[] = [];
  debug(): void {}
  info(): void {}
  warn(text: string): void {
    this.lines.push(`warn ${text}`);
  }
  error(text: string): void {
    this.lines.push(`error ${text}`);
  }
}

const QUIET = new Logger(Logger.Verbosity.WARN);

// prettier-ignore
const QUAD = {
  position: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0],
  normal: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1],
  indices: [0, 1, 2, 0, 2, 3],
};

const TILE = sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 80, b: 70 } } }).png().toBuffer();

/** A textured quad mesh; `uvScale` above 1 makes tiling texture coordinates, outside [0, 1]. */
async function quad(doc: Document, name: string, uvScale = 1) {
  const buffer = doc.getRoot().listBuffers()[0] ?? doc.createBuffer();
  const accessor = (type: 'VEC3' | 'VEC2', values: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(values)).setBuffer(buffer);
  const uv = [0, 1, 1, 1, 1, 0, 0, 0].map((v) => v * uvScale);
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', QUAD.position.map((v, i) => v + (i % 3 === 0 ? name.length : 0))))
    .setAttribute('NORMAL', accessor('VEC3', QUAD.normal))
    .setAttribute('TEXCOORD_0', accessor('VEC2', uv))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(QUAD.indices)).setBuffer(buffer))
    .setMaterial(
      doc
        .createMaterial(`${name}-material`)
        .setBaseColorFactor([0.1 * name.length, 0.3, 0.4, 1])
        .setBaseColorTexture(doc.createTexture(name).setImage(new Uint8Array(await TILE)).setMimeType('image/png')),
    );
  return doc.createMesh(name).addPrimitive(primitive);
}

describe('optimizeDocument', () => {
  it('says once per asset which attributes quantisation kept as floats, instead of a line per primitive', async () => {
    const doc = new Document();
    const logger = new RecordingLogger();
    doc.setLogger(logger);
    const scene = doc.createScene();
    for (const name of ['floor', 'wall-a', 'wall-bb']) scene.addChild(doc.createNode(name).setMesh(await quad(doc, name, 8)));
    scene.addChild(doc.createNode('sign').setMesh(await quad(doc, 'sign')));
    await optimizeDocument(doc, { unit: 'tiled-room (desktop)' });
    expect(logger.lines).toEqual([
      'warn tiled-room (desktop): kept as floats (values outside the quantisable range, e.g. tiling texture coordinates): TEXCOORD_0 in 3 primitives',
    ]);
    expect(doc.getLogger()).toBe(logger);
  });

  it('prints nothing when quantisation skipped nothing', async () => {
    const doc = new Document();
    const logger = new RecordingLogger();
    doc.setLogger(logger);
    doc.createScene().addChild(doc.createNode('sign').setMesh(await quad(doc, 'sign')));
    await optimizeDocument(doc, { unit: 'sign' });
    expect(logger.lines).toEqual([]);
  });

  it('keeps each named node\'s mesh on it, and every world transform, through quantisation', async () => {
    const doc = new Document().setLogger(QUIET);
    const scene = doc.createScene();
    const body = doc.createNode('body').setMesh(await quad(doc, 'body')).setTranslation([1, 0.5, 0]).setScale([2, 2, 2]);
    const door = doc.createNode('door_left').setMesh(await quad(doc, 'door')).setTranslation([0.5, 0, 0.2]).setRotation([0, 0.7071068, 0, 0.7071068]);
    const anchor = doc.createNode('anchor_badge').setTranslation([0, 1, 0]).setExtras({ anchor: 'badge' });
    body.addChild(door).addChild(anchor);
    scene.addChild(doc.createNode('car').addChild(body));
    const worldBefore = new Map([['anchor_badge', anchor.getWorldMatrix()]]);
    const boundsBefore = getBounds(door);

    const { glb } = await optimizeDocument(doc, { unit: 'car' });
    const back = await (await createIO()).readBinary(glb);
    expect(nodeByName(back, 'body').getMesh()?.getName()).toBe('body');
    expect(nodeByName(back, 'door_left').getMesh()?.getName()).toBe('door');
    // No unnamed node holds a mesh: every mesh is on the node its name says.
    expect(back.getRoot().listNodes().filter((n) => !n.getName() && n.getMesh())).toEqual([]);
    // Empty nodes (anchors) are where they were in the world.
    expectClose(nodeByName(back, 'anchor_badge').getWorldMatrix(), worldBefore.get('anchor_badge')!, 4);
    const boundsAfter = getBounds(nodeByName(back, 'door_left'));
    expectClose(boundsAfter.min, boundsBefore.min, 3);
    expectClose(boundsAfter.max, boundsBefore.max, 3);
  });

  it('a node animated in TRS keeps its animation; its mesh sits in its one unnamed child', async () => {
    const doc = new Document().setLogger(QUIET);
    const buffer = doc.createBuffer();
    const hub = doc.createNode('wheel_hub').setMesh(await quad(doc, 'wheel')).addChild(doc.createNode('valve'));
    doc.createScene().addChild(hub);
    const input = doc.createAccessor().setType('SCALAR').setArray(new Float32Array([0, 1])).setBuffer(buffer);
    const output = doc.createAccessor().setType('VEC4').setArray(new Float32Array([0, 0, 0, 1, 1, 0, 0, 0])).setBuffer(buffer);
    const sampler = doc.createAnimationSampler().setInput(input).setOutput(output);
    doc.createAnimation('roll').addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(hub).setTargetPath('rotation').setSampler(sampler));

    const back = await (await createIO()).readBinary((await optimizeDocument(doc, { unit: 'wheel' })).glb);
    const node = nodeByName(back, 'wheel_hub');
    expect(back.getRoot().listAnimations()[0].listChannels()[0].getTargetNode()).toBe(node);
    expect(node.getMesh()).toBeNull();
    expect(node.listChildren().filter((child) => child.getMesh()).map((child) => [child.getName(), child.getMesh()!.getName()])).toEqual([['', 'wheel']]);
  });
});

describe('optimizeDocument on its own output', () => {
  /** A small car: a named body with a door under it, four wheels sharing a mesh, a textured, normal-mapped body. */
  async function smallCar(): Promise<Document> {
    const doc = new Document().setLogger(QUIET);
    const body = doc.createNode('body').setMesh(await quad(doc, 'body'));
    const normal = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 128, g: 128, b: 255 } } }).png().toBuffer();
    body.getMesh()!.listPrimitives()[0].getMaterial()!.setNormalTexture(doc.createTexture('flake').setImage(new Uint8Array(normal)).setMimeType('image/png'));
    body.addChild(doc.createNode('door_left').setMesh(await quad(doc, 'door')).setTranslation([1, 0, 0]));
    const wheel = await quad(doc, 'wheel');
    const car = doc.createNode('car').addChild(body);
    for (const [i, name] of ['wheel_fl', 'wheel_fr', 'wheel_rl', 'wheel_rr'].entries()) car.addChild(doc.createNode(name).setMesh(wheel).setTranslation([i, 0, 2]));
    doc.createScene().addChild(car);
    return doc;
  }

  for (const target of ['desktop', 'quest'] as const) {
    it(`changes nothing that matters and never grows the file (${target})`, { timeout: 60_000 }, async () => {
      const io = await createIO();
      const first = await optimizeDocument(await smallCar(), { target, unit: 'car' });
      const second = await optimizeDocument((await io.readBinary(first.glb)).setLogger(QUIET), { target, unit: 'car' });
      expect(second.glb.byteLength).toBeLessThanOrEqual(first.glb.byteLength);
      expect(second.report.errors).toBe(0);
      const [a, b] = [await io.readBinary(first.glb), await io.readBinary(second.glb)];
      const parts = (doc: Document) => doc.getRoot().listNodes().map((n) => `${n.getName()}:${n.getMesh()?.getName() ?? ''}`).sort();
      expect(parts(b)).toEqual(parts(a));
      const images = (doc: Document) => doc.getRoot().listTextures().map((t) => Buffer.from(t.getImage()!).toString('base64'));
      expect(images(b)).toEqual(images(a));
      const extensions = (doc: Document) => doc.getRoot().listExtensionsUsed().map((e) => e.extensionName).sort();
      expect(extensions(b)).toEqual(extensions(a));
      expect(second.stats.triangles).toBe(first.stats.triangles);
    });
  }
});

function nodeByName(doc: Document, name: string): Node {
  const node = doc.getRoot().listNodes().find((n) => n.getName() === name);
  if (!node) throw new Error(`no node named ${name}`);
  return node;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, digits: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], digits);
}
