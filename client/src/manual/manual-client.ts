import type { ManualView } from '../../../protocol/src/manual';
import { ApiError, request } from '../net/api';

const manuals = new Map<string, Promise<ManualView | undefined>>();

/**
 * A model's manual (`GET /api/manuals/:model`), fetched once per page and shared by the 2D panel,
 * the flat page and the hotspots in the 3D scene (for `use()`); undefined for a model without
 * one. A failed fetch is forgotten, so the next use asks again.
 */
export function loadManual(model: string): Promise<ManualView | undefined> {
  let pending = manuals.get(model);
  if (!pending) {
    pending = request<ManualView>(`/api/manuals/${encodeURIComponent(model)}`).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined;
      manuals.delete(model);
      throw error;
    });
    manuals.set(model, pending);
  }
  return pending;
}

const quiet = new Map<string, Promise<ManualView | undefined>>();

/**
 * {@link loadManual} for the 3D scene, where a failure must not take the car down with it: a
 * manual that cannot be fetched is left out (and said in the console), once per page.
 */
export function loadManualQuietly(model: string): Promise<ManualView | undefined> {
  let pending = quiet.get(model);
  if (!pending) {
    pending = loadManual(model).catch((error: unknown) => {
      console.warn(`manual: the ${model}'s hotspots are left out (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      return undefined;
    });
    quiet.set(model, pending);
  }
  return pending;
}
