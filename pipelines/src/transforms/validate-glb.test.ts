import { Document, NodeIO } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { InputError, ValidationFailedError } from '../errors';
import { assertValid, formatIssue, validateGlb } from './validate-glb';

function triangleDocument(indices: number[], emissive: [number, number, number] = [0, 0, 0]): Document {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const position = doc.createAccessor().setType('VEC3').setArray(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0])).setBuffer(buffer);
  const index = doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(indices)).setBuffer(buffer);
  const material = doc.createMaterial('m').setEmissiveFactor(emissive);
  const mesh = doc.createMesh('m').addPrimitive(doc.createPrimitive().setAttribute('POSITION', position).setIndices(index).setMaterial(material));
  doc.createScene().addChild(doc.createNode('n').setMesh(mesh));
  return doc;
}

async function triangleGlb(indices: number[], emissive?: [number, number, number]): Promise<Uint8Array> {
  return new NodeIO().writeBinary(triangleDocument(indices, emissive));
}

describe('validateGlb', () => {
  it('passes a valid GLB', async () => {
    const report = await validateGlb(await triangleGlb([0, 1, 2]), { uri: 'ok.glb' });
    expect(report).toMatchObject({ uri: 'ok.glb', errors: 0, warnings: 0, truncated: false });
  });

  it('reports an out-of-range index with its code, pointer and message', async () => {
    const report = await validateGlb(await triangleGlb([0, 1, 7]), { uri: 'oob.glb' });
    expect(report.errors).toBe(1);
    expect(report.issues[0]).toMatchObject({
      severity: 'error',
      code: 'ACCESSOR_INDEX_OOB',
      pointer: '/meshes/0/primitives/0/indices',
    });
    expect(report.issues[0].message).toMatch(/value 7/);
    expect(formatIssue(report.issues[0])).toMatch(/^error ACCESSOR_INDEX_OOB \/meshes\/0\/primitives\/0\/indices: /);
  });

  it('reports out-of-range material factors', async () => {
    const report = await validateGlb(await triangleGlb([0, 1, 2], [4, 0, 0]), { uri: 'hot.glb' });
    expect(report.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'VALUE_NOT_IN_RANGE', pointer: '/materials/0/emissiveFactor/0' }),
    );
  });

  it('lists errors before warnings and can ignore an issue code', async () => {
    const report = await validateGlb(await triangleGlb([0, 1, 7], [4, 0, 0]), { uri: 'both.glb' });
    expect(report.errors).toBe(2);
    const order = report.issues.map((i) => i.severity);
    expect(order.slice(0, 2)).toEqual(['error', 'error']);
    const ignored = await validateGlb(await triangleGlb([0, 1, 7], [4, 0, 0]), { uri: 'both.glb', ignoredIssues: ['ACCESSOR_INDEX_OOB'] });
    expect(ignored.errors).toBe(1);
    expect(ignored.issues[0].code).toBe('VALUE_NOT_IN_RANGE');
  });

  it('validates a .gltf with its external buffer through externalResource', async () => {
    const { json, resources } = await new NodeIO().writeJSON(triangleDocument([0, 1, 9]));
    const bytes = new TextEncoder().encode(JSON.stringify(json));
    const asked: string[] = [];
    const report = await validateGlb(bytes, {
      uri: 'split.gltf',
      externalResource: async (uri) => {
        asked.push(uri);
        return resources[uri];
      },
    });
    expect(asked).toEqual(Object.keys(resources));
    // Without the buffer the bad index could not be seen.
    expect(report.issues).toContainEqual(expect.objectContaining({ code: 'ACCESSOR_INDEX_OOB', severity: 'error' }));
  });

  it('counts every issue: an error after 150 lesser issues is still an error', async () => {
    const doc = triangleDocument([0, 1, 7]);
    // 150 empty nodes (NODE_EMPTY infos) come before the bad index in the validator's walk.
    for (let i = 0; i < 150; i++) doc.getRoot().listScenes()[0].addChild(doc.createNode(`empty_${i}`));
    const report = await validateGlb(await new NodeIO().writeBinary(doc), { uri: 'noisy.glb' });
    expect(report).toMatchObject({ errors: 1, infos: 150, truncated: true });
    expect(report.issues).toHaveLength(100);
    expect(report.issues[0]).toMatchObject({ severity: 'error', code: 'ACCESSOR_INDEX_OOB' });
    expect(() => assertValid('noisy.glb', report, 'input')).toThrow(ValidationFailedError);
  });

  it("says whose errors they are: the input's, to fix where it was made, or the unwritten output's, a pipeline defect", async () => {
    const report = await validateGlb(await triangleGlb([0, 1, 7]), { uri: 'car.glb' });
    expect(() => assertValid('car.glb', report, 'input')).toThrow(
      /^car\.glb: the input file failed glTF validation with 1 error\(s\)[^]*ACCESSOR_INDEX_OOB[^]*pointers refer to the input file\. Fix it in the tool that made it/,
    );
    expect(() => assertValid('car.glb', report, 'output')).toThrow(
      /^car\.glb: the pipeline's output failed glTF validation with 1 error\(s\); nothing was written[^]*pointers refer to the output[^]*not written\. Unless the input has the same errors[^]*report it with the input file/,
    );
  });

  it('refuses bytes that are not glTF at all, naming the file', async () => {
    await expect(validateGlb(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { uri: 'image.png' })).rejects.toThrow(InputError);
    await expect(validateGlb(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { uri: 'image.png' })).rejects.toThrow(/^image\.png: /);
  });
});
