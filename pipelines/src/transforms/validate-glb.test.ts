import { Document, NodeIO } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { formatIssue, validateGlb } from './validate-glb';

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

  it('refuses bytes that are not glTF at all, naming the file', async () => {
    await expect(validateGlb(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { uri: 'image.png' })).rejects.toThrow(InputError);
    await expect(validateGlb(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { uri: 'image.png' })).rejects.toThrow(/^image\.png: /);
  });
});
