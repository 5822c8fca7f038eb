import { type WorldManifest, zoneEntries } from '../../protocol/src/manifest';
import type { Budget, TargetName } from '../../protocol/src/targets';
import type { ZoneId } from '../../protocol/src/zones';
import { BudgetError } from './errors';

const FIGURES: { key: keyof Budget; label: string; format: (n: number) => string }[] = [
  { key: 'drawCalls', label: 'draw calls', format: String },
  { key: 'triangles', label: 'triangles', format: (n) => n.toLocaleString('en') },
  { key: 'textureBytes', label: 'texture memory', format: (n) => `${(n / 2 ** 20).toFixed(1)} MB` },
];

/**
 * Holds every zone of every target to its budget. Throws {@link BudgetError} naming each zone,
 * figure and the assets that weigh most, one line of details each.
 */
export function checkBudgets(manifest: WorldManifest): void {
  const problems: string[] = [];
  for (const [target, { zones }] of Object.entries(manifest.targets)) {
    for (const [zone, z] of Object.entries(zones)) {
      if (!z) continue;
      const shown = zoneEntries(manifest, zone as ZoneId, target as TargetName);
      for (const { key, label, format } of FIGURES) {
        if (z.totals[key] <= z.budget[key]) continue;
        const heaviest = [...shown].sort((a, b) => b[key] - a[key]).slice(0, 3);
        problems.push(
          `${zone} (${target}): ${format(z.totals[key])} ${label}, over the budget of ${format(z.budget[key])}; ` +
            `heaviest: ${heaviest.map((a) => `${a.id} ${format(a[key])}`).join(', ')}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new BudgetError('pipelines/budget', `${problems.length} zone budget(s) exceeded; nothing was published`, {
      details: [...problems, 'simplify or share the heaviest assets, or move some to another zone'].join('\n'),
    });
  }
}
