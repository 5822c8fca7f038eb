import { Document, Logger, type Primitive } from '@gltf-transform/core';
import { KHRMaterialsClearcoat, KHRMaterialsVariants } from '@gltf-transform/extensions';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { WORLD_ASSETS } from '../../../assets/src/world';
import { buildAsset } from '../build-asset';
import { CATALOGUE_FILE } from '../catalogue';
import { createIO } from '../../../protocol/src/gltf-io';
import { clean } from './clean';
import { tangents } from './tangents';
import { validateGlb } from './validate-glb';

// prettier-ignore
const QUAD = {
  position: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0],
  normal: [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1],
  uv: [0, 1, 1, 1, 1, 0, 0, 0],
  indices: [0, 1, 2, 0, 2, 3],
};

/** Three indexed quads: one normal-mapped, one plain, one normal-mapped only in a variant. */
function quads(): { doc: Document; mapped: Primitive; plain: Primitive; variant: Primitive } {
  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  const texture = doc.createTexture('normal').setImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47])).setMimeType('image/png');
  const quad = (material: string, normalMap: boolean) => {
    const accessor = (type: 'VEC3' | 'VEC2', values: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(values)).setBuffer(buffer);
    const m = doc.createMaterial(material);
    if (normalMap) m.setNormalTexture(texture);
    return doc
      .createPrimitive()
      .setAttribute('POSITION', accessor('VEC3', QUAD.position))
      .setAttribute('NORMAL', accessor('VEC3', QUAD.normal))
      .setAttribute('TEXCOORD_0', accessor('VEC2', QUAD.uv))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(QUAD.indices)).setBuffer(buffer))
      .setMaterial(m);
  };
  const mapped = quad('leather', true);
  const plain = quad('paint', false);
  const variant = quad('paint-solid', false);
  const variants = doc.createExtension(KHRMaterialsVariants);
  const flake = doc.createMaterial('paint-flake').setNormalTexture(texture);
  variant.setExtension(
    'KHR_materials_variants',
    variants.createMappingList().addMapping(variants.createMapping().setMaterial(flake).addVariant(variants.createVariant('paint/P-FLAKE'))),
  );
  const mesh = doc.createMesh('quads').addPrimitive(mapped).addPrimitive(plain).addPrimitive(variant);
  doc.createScene().addChild(doc.createNode('quads').setMesh(mesh));
  return { doc, mapped, plain, variant };
}

describe('tangents', () => {
  it('gives normal-mapped primitives MikkTSpace tangents along +U, and leaves others alone', async () => {
    const { doc, mapped, plain, variant } = quads();
    await doc.transform(tangents());
    for (const primitive of [mapped, variant]) {
      const tangent = primitive.getAttribute('TANGENT')!;
      expect(tangent.getType()).toBe('VEC4');
      expect(tangent.getCount()).toBe(primitive.getAttribute('POSITION')!.getCount());
      // U grows along +X on this quad; V grows along −Y in glTF's top-left convention: w = 1.
      for (let i = 0; i < tangent.getCount(); i++) {
        const [x, y, z, w] = tangent.getElement(i, [0, 0, 0, 0]);
        expect([x, y, z, w].map((v) => Math.round(v * 1000) / 1000)).toEqual([1, 0, 0, 1]);
      }
      // Welded again: still indexed, still four vertices (the tangents agree at shared corners).
      expect(primitive.getIndices()!.getCount()).toBe(6);
      expect(primitive.getAttribute('POSITION')!.getCount()).toBe(4);
    }
    expect(plain.getAttribute('TANGENT')).toBeNull();
    expect(plain.getAttribute('POSITION')!.getCount()).toBe(4);
  });

  it('gives tangents to a clearcoat normal map without a base normal map, so the file validates', async () => {
    const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
    const buffer = doc.createBuffer();
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 128, g: 128, b: 255 } } }).png().toBuffer();
    const texture = doc.createTexture('coat-normal').setImage(new Uint8Array(png)).setMimeType('image/png');
    const clearcoat = doc.createExtension(KHRMaterialsClearcoat);
    const material = doc.createMaterial('lacquer').setExtension('KHR_materials_clearcoat', clearcoat.createClearcoat().setClearcoatFactor(1).setClearcoatNormalTexture(texture));
    const accessor = (type: 'VEC3' | 'VEC2', values: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(values)).setBuffer(buffer);
    const primitive = doc
      .createPrimitive()
      .setAttribute('POSITION', accessor('VEC3', QUAD.position))
      .setAttribute('NORMAL', accessor('VEC3', QUAD.normal))
      .setAttribute('TEXCOORD_0', accessor('VEC2', QUAD.uv))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(QUAD.indices)).setBuffer(buffer))
      .setMaterial(material);
    doc.createScene().addChild(doc.createNode('panel').setMesh(doc.createMesh('panel').addPrimitive(primitive)));
    const codes = async () => (await validateGlb(await (await createIO()).writeBinary(doc), { uri: 'lacquer.glb' })).issues.map((i) => i.code);
    expect(await codes()).toContain('MESH_PRIMITIVE_NO_TANGENT_SPACE');
    await doc.transform(tangents());
    expect(primitive.getAttribute('TANGENT')).not.toBeNull();
    expect(await codes()).not.toContain('MESH_PRIMITIVE_NO_TANGENT_SPACE');
  });

  it('keeps tangents a primitive already has', async () => {
    const { doc, mapped } = quads();
    const own = doc.createAccessor().setType('VEC4').setArray(new Float32Array(16).fill(0.5)).setBuffer(doc.getRoot().listBuffers()[0]);
    mapped.setAttribute('TANGENT', own);
    await doc.transform(tangents());
    expect(mapped.getAttribute('TANGENT')).toBe(own);
  });

  it('leaves no unused accessor behind', async () => {
    const { doc } = quads();
    await doc.transform(clean(), tangents());
    const used = doc.getRoot().listAccessors().filter((accessor) => accessor.listParents().some((parent) => parent !== doc.getRoot()));
    expect(doc.getRoot().listAccessors()).toHaveLength(used.length);
  });

  it('a built car has tangents on every normal-mapped primitive, and the validator generates none', { timeout: 120_000 }, async () => {
    const source = WORLD_ASSETS.find((asset) => asset.id === 'astrale-2025')!;
    const built = await buildAsset(source, { id: source.id, target: 'desktop', compression: 'meshopt', catalogueFile: CATALOGUE_FILE });
    for (const { glb } of built.levels) {
      const doc = await (await createIO()).readBinary(glb);
      const normalMapped = doc
        .getRoot()
        .listMeshes()
        .flatMap((mesh) => mesh.listPrimitives())
        .filter((primitive) => primitive.getMaterial()?.getNormalTexture());
      // The leather of the interior at least; the flake under the paint when the default paint has one.
      expect(normalMapped.length).toBeGreaterThan(0);
      for (const primitive of normalMapped) expect(primitive.getAttribute('TANGENT')).not.toBeNull();
      const report = await validateGlb(glb, { uri: source.id });
      expect(report.errors).toBe(0);
      expect(report.issues.map((issue) => issue.code)).not.toContain('MESH_PRIMITIVE_GENERATED_TANGENT_SPACE');
    }
  });
});
