import type { OwnerChoice, OwnerView } from '../../owner/owner-journey';
import type { ShownCar } from '../../world/zone/zone-scene';

/** The lounge is where delivered cars come: it starts with one of those. */
export const LOUNGE_OWNER: OwnerChoice = { first: (choices) => choices.find((twin) => twin.stage === 'Delivered') ?? choices[0] };

/** The picked twin on the lounge's lift once delivered; undefined (the lounge's usual car) otherwise. */
export function loungeCars(view: OwnerView): ShownCar[] | undefined {
  return view.twin?.stage === 'Delivered' ? [{ model: view.twin.model, configuration: view.twin.currentConfiguration }] : undefined;
}
