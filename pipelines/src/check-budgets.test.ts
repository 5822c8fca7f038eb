import { describe, expect, it } from 'vitest';
import type { FileStats, ManifestEntry, WorldManifest, ZoneManifest } from '../../protocol/src/manifest';
import { checkBudgets } from './check-budgets';
import { BudgetError } from './errors';

const stats = (drawCalls: number, triangles: number, textureBytes = 0): FileStats => ({ drawCalls, triangles, textureBytes, bytes: 1, gzipBytes: 1 });
const entry = (id: string, cost: FileStats): ManifestEntry => ({ id, name: id, kind: 'prop', file: `${id}.0123456789.glb`, lods: [], ...cost });
const budget = { drawCalls: 3, triangles: 100, textureBytes: 2 ** 20 };

function world(zones: Partial<Record<'museum' | 'garage', ZoneManifest>>): WorldManifest {
  return { version: 2, targets: { quest: { zones } }, catalogue: { paint: {}, wheel: {}, caliper: {}, interior: {}, trim: {} } };
}

describe('checkBudgets', () => {
  it('passes zones within their budgets', () => {
    expect(() => checkBudgets(world({ museum: { assets: [entry('a', stats(3, 100))], totals: stats(3, 100), budget } }))).not.toThrow();
  });

  it('names each zone and figure over budget, with the three heaviest assets it shows, one line each', () => {
    const assets = [entry('a', stats(1, 10)), entry('b', stats(2, 90)), entry('c', stats(1, 30)), entry('d', stats(1, 5, 2 ** 21))];
    const error = (() => {
      try {
        checkBudgets(
          world({
            museum: { assets, totals: stats(5, 135, 2 ** 21), budget },
            garage: { assets: [], shows: ['b'], totals: stats(2, 90), budget },
          }),
        );
      } catch (e) {
        return e;
      }
    })() as BudgetError;
    expect(error).toBeInstanceOf(BudgetError);
    expect(error.message).toMatch(/^pipelines\/budget: 3 zone budget\(s\) exceeded; nothing was published/);
    expect(error.details!.split('\n')).toEqual([
      'museum (quest): 5 draw calls, over the budget of 3; heaviest: b 2, a 1, c 1',
      'museum (quest): 135 triangles, over the budget of 100; heaviest: b 90, c 30, a 10',
      'museum (quest): 2.0 MB texture memory, over the budget of 1.0 MB; heaviest: d 2.0 MB, a 0.0 MB, b 0.0 MB',
      'simplify or share the heaviest assets, or move some to another zone',
    ]);
  });
});
