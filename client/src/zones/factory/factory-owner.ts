import { type OwnerChoice, type OwnerView, stationAnchor, twinsInProduction } from '../../owner/owner-journey';
import type { ShownCar } from '../../world/zone/zone-scene';

/** The factory offers an owner the cars being built. */
export const FACTORY_OWNER: OwnerChoice = { offers: twinsInProduction };

/**
 * Each car being built at the station its twin has reached, the picked one first so that it
 * keeps its station when two share one; undefined (the line's usual car) without a twin.
 */
export function factoryCars(view: OwnerView): ShownCar[] | undefined {
  if (!view.twin) return undefined;
  const ordered = [view.twin, ...view.choices.filter((twin) => twin !== view.twin)];
  return ordered.map((twin) => ({ model: twin.model, anchor: stationAnchor(twin.stage), configuration: twin.currentConfiguration }));
}
