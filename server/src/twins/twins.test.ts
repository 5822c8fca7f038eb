import { Document } from '@gltf-transform/core';
import { KHRMaterialsVariants, type MappingList } from '@gltf-transform/extensions';
import { keccak256, stringToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { ADD_ONS, addOnId } from '../../../assets/src/addons';
import { canonicalJson } from '../../../protocol/src/twin-api';
import { checkConfiguration, currentConfiguration } from './configurations';
import { configurationHash, recordDetailsHash } from '../../../protocol/src/twin-hashes';
import { applyConfiguration } from './twin-model';

describe('canonical JSON and the hashes made of it', () => {
  it('sorts members by key at every depth, leaves out undefined ones, keeps arrays in order, no whitespace', () => {
    expect(canonicalJson({ wheel: 'W-FORGED-21', paint: 'P-NOIR' })).toBe('{"paint":"P-NOIR","wheel":"W-FORGED-21"}');
    expect(canonicalJson({ summary: 'Révision « 1 500 km »', parts: ['b', 'a'], workshop: undefined, nested: { z: 1, a: [true, null] } })).toBe(
      '{"nested":{"a":[true,null],"z":1},"parts":["b","a"],"summary":"Révision « 1 500 km »"}',
    );
    expect(() => canonicalJson({ mileage: Number.NaN })).toThrow(/NaN has no JSON form/);
  });

  it('hashes a configuration whatever the order its codes come in', () => {
    const hash = configurationHash({ paint: 'P-NOIR', wheel: 'W-FORGED-21' });
    expect(hash).toBe(keccak256(stringToHex('{"paint":"P-NOIR","wheel":"W-FORGED-21"}')));
    expect(configurationHash({ wheel: 'W-FORGED-21', paint: 'P-NOIR' })).toBe(hash);
    expect(recordDetailsHash({ summary: 'Oil change', parts: ['Oil filter'] })).toBe(
      keccak256(stringToHex('{"parts":["Oil filter"],"summary":"Oil change"}')),
    );
  });

  it('accepts only catalogue categories and codes', () => {
    expect(checkConfiguration({ wheel: 'W-FORGED-21', paint: 'P-NOIR' })).toEqual({ paint: 'P-NOIR', wheel: 'W-FORGED-21' });
    expect(() => checkConfiguration({ paint: 'P-ROSE', roof: 'R-OPEN' } as never)).toThrow(
      expect.objectContaining({ details: '"roof" is not a category (paint, wheel, caliper, interior, trim); "P-ROSE" is not a paint code of assets/catalogue.json' }),
    );
  });
});

describe('currentConfiguration', () => {
  const ordered = { paint: 'P-BLANC-NACRE', wheel: 'W-ARGENT-20', caliper: 'C-ROUGE', interior: 'I-COGNAC', trim: 'T-CHROME' };
  const id = (code: string) => ADD_ONS.find((a) => a.code === code)!.id;

  it('overrides the ordered codes with each add-on in ascending id order; a later add-on wins', () => {
    // A-ETRIERS-ROUGES < A-PACK-NOCTURNE: the pack's black calipers win over the red ones.
    expect(id('A-ETRIERS-ROUGES') < id('A-PACK-NOCTURNE')).toBe(true);
    expect(currentConfiguration('astrale-2025', ordered, [id('A-PACK-NOCTURNE'), id('A-ETRIERS-ROUGES')])).toEqual({
      paint: 'P-BLANC-NACRE',
      wheel: 'W-FORGED-21',
      caliper: 'C-NOIR',
      interior: 'I-COGNAC',
      trim: 'T-CHROME-FONCE',
    });
  });

  it('ignores add-ons the car does not offer and ids the catalogue does not know', () => {
    expect(currentConfiguration('aurore-1964', ordered, [id('A-PACK-NOCTURNE'), addOnId('A-WITHDRAWN')])).toEqual(ordered);
    expect(currentConfiguration('aurore-1964', ordered, [id('A-ARGENT-LUNAIRE')])).toEqual({ ...ordered, paint: 'P-ARGENT-LUNE' });
  });
});

describe('applyConfiguration (a glb in a twin configuration)', () => {
  /** Two primitives, paint and rim, each with a mapping per code, opening in the first codes. */
  function car() {
    const doc = new Document();
    const extension = doc.createExtension(KHRMaterialsVariants);
    const part = (slot: string, codes: string[], category: string) => {
      const materials = codes.map((code) => doc.createMaterial(`${slot}/${code}`));
      const list = extension.createMappingList();
      codes.forEach((code, i) => list.addMapping(extension.createMapping().setMaterial(materials[i]!).addVariant(extension.createVariant(`${category}/${code}`))));
      const primitive = doc.createPrimitive().setMaterial(materials[0]!).setExtension('KHR_materials_variants', list);
      doc.createMesh(slot).addPrimitive(primitive);
      return primitive;
    };
    return { doc, paint: part('paint', ['P-NOIR', 'P-BLANC-NACRE'], 'paint'), rim: part('rim', ['W-ARGENT-20', 'W-FORGED-21'], 'wheel') };
  }

  it('makes each chosen variant the default material and keeps every mapping', () => {
    const { doc, paint, rim } = car();
    expect(applyConfiguration(doc, { paint: 'P-BLANC-NACRE', wheel: 'W-FORGED-21', caliper: 'C-ROUGE' })).toEqual({ paint: 'P-BLANC-NACRE', wheel: 'W-FORGED-21' });
    expect(paint.getMaterial()!.getName()).toBe('paint/P-BLANC-NACRE');
    expect(rim.getMaterial()!.getName()).toBe('rim/W-FORGED-21');
    expect(paint.getExtension<MappingList>('KHR_materials_variants')!.listMappings()).toHaveLength(2);
  });

  it('leaves categories it is not given, and codes the file does not offer, as they were', () => {
    const { doc, paint, rim } = car();
    expect(applyConfiguration(doc, { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-FORGED-21' })).toEqual({ wheel: 'W-FORGED-21' });
    expect(paint.getMaterial()!.getName()).toBe('paint/P-NOIR');
    expect(rim.getMaterial()!.getName()).toBe('rim/W-FORGED-21');
    expect(applyConfiguration(new Document(), { paint: 'P-NOIR' })).toEqual({});
  });
});
