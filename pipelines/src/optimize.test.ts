import { Document, type ILogger } from '@gltf-transform/core';
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
});

