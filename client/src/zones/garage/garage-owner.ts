import type { OwnerChoice, OwnerView } from '../../owner/owner-journey';
import type { Configuration } from '../../world/shared/variants';
import type { ShownCar } from '../../world/zone/zone-scene';

/** The garage offers every twin, the first unless one was picked. */
export const GARAGE_OWNER: OwnerChoice = {};

/** The picked twin on the garage's spot as the garage shows it (`shown`: its preview); undefined (the current model) without a twin. */
export function garageCars(view: OwnerView, shown?: Configuration): ShownCar[] | undefined {
  return view.twin && [{ model: view.twin.model, configuration: shown ?? view.twin.currentConfiguration }];
}
