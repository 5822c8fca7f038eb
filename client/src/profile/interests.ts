import { eraOf } from '../../../protocol/src/consent';
import type { Preferences } from '../../../protocol/src/privacy-api';

/** A car as the museum's line-up lists it. */
export interface InterestCar {
  id: string;
  year?: number;
}

/**
 * The museum's line-up with the person's interests first: the models they chose, then the cars of
 * the eras they chose, then the rest; each part keeps the order given (oldest first). Racing and
 * design have no car of their own, so they do not move the line-up.
 */
export function orderByInterests<T extends InterestCar>(cars: readonly T[], interests: Preferences['interests'] | undefined): T[] {
  if (!interests) return [...cars];
  const models = new Set(interests.models ?? []);
  const eras = new Set<string>(interests.eras ?? []);
  const rank = (car: T) => (models.has(car.id) ? 0 : car.year !== undefined && eras.has(eraOf(car.year)) ? 1 : 2);
  return cars
    .map((car, index) => ({ car, index, rank: rank(car) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ car }) => car);
}
