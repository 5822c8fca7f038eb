import { readManuals } from '../../../assets/catalogue/manuals/manuals';
import { MarqueError } from '../../../protocol/src/errors';
import type { ManualView } from '../../../protocol/src/manual';
import type { RouteHelper } from '../http/route';

/**
 * `GET /api/manuals/:model`: a car's manual (assets/catalogue/manuals), its pictures inlined as
 * SVG markup. Public, like the cars in the museum: the lounge shows it to owners, and the flat page
 * to anyone reading it there. The manuals are read and checked once, at the first request.
 */
export function createManualRoutes(route: RouteHelper, manuals: () => Map<string, ManualView> = cachedManuals()) {
  return {
    manual: route('/api/manuals/:model', { method: 'GET', unit: 'manuals', headers: { 'cache-control': 'max-age=300' } }, async ({ params }) => {
      const all = manuals();
      const manual = all.get(params.model ?? '');
      if (!manual) {
        throw new MarqueError('manuals', `no manual for "${(params.model ?? '').slice(0, 40)}"`, {
          status: 404,
          reason: 'unknown-manual',
          details: `manuals: ${[...all.keys()].join(', ') || 'none'}`,
        });
      }
      return manual;
    }),
  };
}

/** The manuals, read on first use and kept. */
function cachedManuals(): () => Map<string, ManualView> {
  let manuals: Map<string, ManualView> | undefined;
  return () => (manuals ??= readManuals());
}
