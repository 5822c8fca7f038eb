import { describe, expect, it } from 'vitest';
import raw from '../catalogue.json' with { type: 'json' };
import { MarqueError } from '../../protocol/src/errors';
import { VARIANT_CATEGORIES } from '../../protocol/src/catalogue';
import { CATALOGUE, catalogueEntry, parseCatalogue } from './catalogue';

describe('assets/catalogue.json', () => {
  it('has every category, with codes in the agreed form and entries of the agreed shape', () => {
    expect(Object.keys(raw).sort()).toEqual([...VARIANT_CATEGORIES].sort());
    for (const category of VARIANT_CATEGORIES) {
      for (const [code, entry] of Object.entries(CATALOGUE[category])) {
        expect(code).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
        expect(entry.name.length).toBeGreaterThan(0);
        expect(entry.baseColor).toMatch(/^#[0-9a-f]{6}$/i);
        const keys = Object.keys(entry);
        if (category === 'paint') {
          expect(keys.sort()).toEqual(['baseColor', 'clearcoat', 'clearcoatRoughness', 'flake', 'metallic', 'name', 'roughness']);
        } else {
          expect(keys.every((k) => ['name', 'baseColor', 'metallic', 'roughness', 'sheenColor', 'sheenRoughness'].includes(k))).toBe(true);
        }
      }
    }
  });

  it('offers the range the configurator needs', () => {
    const paints = Object.values(CATALOGUE.paint);
    expect(paints.length).toBeGreaterThanOrEqual(8);
    expect(paints.some((p) => p.clearcoat === 0)).toBe(true);
    expect(paints.some((p) => (p.flake ?? 0) > 0.4 && p.metallic > 0.6)).toBe(true);
    expect(Object.keys(CATALOGUE.wheel)).toHaveLength(4);
    expect(Object.keys(CATALOGUE.caliper)).toHaveLength(4);
    expect(Object.keys(CATALOGUE.interior)).toHaveLength(5);
    expect(Object.values(CATALOGUE.interior).filter((i) => i.sheenColor).length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(CATALOGUE.trim)).toHaveLength(3);
  });

  it('rejects a malformed catalogue, listing every problem', () => {
    const bad = {
      ...raw,
      paint: { 'p-lower': { name: '', baseColor: 'red', metallic: 2, roughness: 0.3, clearcoat: 1, clearcoatRoughness: 0, flake: 0 } },
      wheel: { 'W-X': { name: 'X', baseColor: '#000000', metallic: 1, roughness: 0.2, flake: 0.3 } },
    };
    expect(() => parseCatalogue(bad)).toThrow(MarqueError);
    expect(() => parseCatalogue(bad)).toThrow(
      /paint\.p-lower\.name: [^;]*;[\s\S]*paint\.p-lower\.baseColor: must be a #rrggbb colour[\s\S]*paint\.p-lower\.metallic: [^;]*;[\s\S]*paint\.p-lower: codes are upper-case[\s\S]*wheel\.W-X: Unrecognized key: "flake"/,
    );
    expect(() => parseCatalogue({ paint: {} })).toThrow(/wheel: Invalid input: expected record/);
  });

  it('names the unknown code and lists the known ones', () => {
    expect(() => catalogueEntry('trim', 'T-GOLD')).toThrow(/assets\/catalogue: no trim "T-GOLD"[\s\S]*T-CHROME/);
  });
});
