import { hexToString } from 'viem';
import { describe, expect, it } from 'vitest';
import raw from '../addons.json' with { type: 'json' };
import { ADD_ONS, addOnId, carsOffering, parseAddOns } from './addons';
import { MarqueError } from '../../protocol/src/errors';
import { CAR_MODELS } from './cars/models';

describe('assets/addons.json', () => {
  it('lists add-ons in ascending id order, each fitting the cars that offer what it sets', () => {
    expect(ADD_ONS.map((a) => a.code).sort()).toEqual(Object.keys(raw).sort());
    expect(ADD_ONS.map((a) => a.id)).toEqual([...ADD_ONS.map((a) => a.id)].sort());
    for (const addOn of ADD_ONS) {
      expect(addOn.id).toMatch(/^0x[0-9a-f]{64}$/);
      expect(hexToString(addOn.id, { size: 32 })).toBe(addOn.code);
      expect(addOn.models.length).toBeGreaterThan(0);
      for (const id of addOn.models) {
        const car = CAR_MODELS.find((c) => c.id === id)!;
        for (const [category, code] of Object.entries(addOn.sets)) expect(car.variants[category as 'paint']).toContain(code);
      }
    }
    expect(ADD_ONS.find((a) => a.code === 'A-PACK-NOCTURNE')?.models).toEqual(['astrale-2025']);
  });

  it('is the code right-padded to 32 bytes on chain', () => {
    expect(addOnId('A-X')).toBe(`0x412d58${'0'.repeat(58)}`);
    expect(carsOffering({ paint: 'P-ORANGE-SOLAIRE' })).toEqual(['orage-1974', 'astrale-2025']);
  });

  it('rejects a malformed catalogue, listing every problem', () => {
    const bad = {
      'a-lower': { name: 'x', description: 'x', sets: { paint: 'P-NOIR' } },
      'A-THIS-CODE-IS-FAR-TOO-LONG-FOR-32': { name: 'x', description: 'x', sets: { paint: 'P-NOIR' } },
      'A-UNKNOWN': { name: 'x', description: 'x', sets: { paint: 'P-ROSE' } },
      'A-NOTHING': { name: 'x', description: 'x', sets: {} },
      'A-NO-CAR': { name: 'x', description: 'x', sets: { wheel: 'W-CHROME-RAYONS', caliper: 'C-BLEU' } },
    };
    let error: unknown;
    try {
      // Without the current model, which offers every code, some combinations fit no car.
      parseAddOns(bad, 'addons.json', CAR_MODELS.filter((car) => car.id !== 'astrale-2025'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MarqueError);
    const { message } = error as MarqueError;
    expect(message).toMatch(/^assets\/addons: addons.json is not a valid add-on catalogue \(5 problems\)/);
    expect(message).toContain('a-lower: add-on codes are A- then');
    expect(message).toContain('A-THIS-CODE-IS-FAR-TOO-LONG-FOR-32: is 34 characters');
    expect(message).toContain('A-UNKNOWN.sets.paint: "P-ROSE" is not a paint code');
    expect(message).toContain('A-NOTHING.sets: sets no category');
    expect(message).toContain('A-NO-CAR.sets: no car offers all of W-CHROME-RAYONS, C-BLEU');
  });
});
