import { t } from '../../i18n/i18n';
import { carText, tourClosing, tourOpening } from './tour';

/** Where the local visitor is put: a point on the floor and the direction they face (WorldCanvas's `standAt`). */
export interface Stand {
  position: [number, number, number];
  /** Radians about +Y; 0 looks down −Z. */
  yaw: number;
}

/** Where a car stands in the hall: its anchor's world position and heading (the car faces its local +Z). */
export interface ExhibitPlacement {
  position: [number, number, number];
  /** Radians about +Y of the anchor; the car's nose points along (sin yaw, 0, cos yaw). */
  yaw: number;
}

/** A car of the line-up as the tour knows it: from the manifest, oldest first. */
export interface TourCar {
  id: string;
  name: string;
  year?: number;
}

/** One stop of the guided tour. */
export type TourStop =
  | { kind: 'opening' | 'closing'; title: string; narration: string }
  | { kind: 'car'; carId: string; title: string; narration: string };

/** How far from a car's anchor the visitor stands, metres: well off its plinth, the whole car and its label in view. */
export const STAND_DISTANCE = 7;
/** How far the stand is turned from straight ahead of the car, radians: a three-quarter view of its nose and flank. */
export const STAND_ANGLE = (20 * Math.PI) / 180;

/**
 * The tour's stops: the opening, one stop before each car of the line-up in the order given
 * (oldest first), and the closing. A car the museum has no words for is left out, with a
 * warning that says where to add them.
 */
export function tourStops(cars: readonly TourCar[]): TourStop[] {
  const stops: TourStop[] = [{ kind: 'opening', ...tourOpening() }];
  for (const car of cars) {
    const text = carText(car.id);
    if (!text) {
      console.warn(`museum: no tour text for the car "${car.id}"; add its words to museumText.cars in client/src/i18n/locales/*.json`);
      continue;
    }
    stops.push({ kind: 'car', carId: car.id, title: car.year ? t('museum.carWithYear', { name: car.name, year: car.year }) : car.name, narration: text.narration });
  }
  stops.push({ kind: 'closing', ...tourClosing() });
  return stops;
}

/** A stop's title and what the guide says there, in the page's language now (the stops are listed once; the words follow the language). */
export function stopWords(stop: TourStop): { title: string; narration: string } {
  if (stop.kind !== 'car') return stop.kind === 'opening' ? tourOpening() : tourClosing();
  return { title: stop.title, narration: carText(stop.carId)?.narration ?? stop.narration };
}

/** The step after moving `by` stops from `step` in a tour of `count` stops: held at the first and the last. */
export function stepTour(step: number, by: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(count - 1, Math.max(0, step + by));
}

/** The yaw (0 looks down −Z) of someone at `from` looking towards `to`. */
export function yawTowards(from: readonly number[], to: readonly number[]): number {
  return Math.atan2(-(to[0]! - from[0]!), -(to[2]! - from[2]!));
}

/**
 * Where to stand before a car: {@link STAND_DISTANCE} out along its nose, turned by
 * {@link STAND_ANGLE} towards its heading's nearer axis (in the hall, towards the entrance), on
 * the floor, looking at the car.
 */
export function standBefore(car: ExhibitPlacement): Stand {
  const heading = car.yaw - Math.sign(car.yaw) * STAND_ANGLE;
  const x = car.position[0] + Math.sin(heading) * STAND_DISTANCE;
  const z = car.position[2] + Math.cos(heading) * STAND_DISTANCE;
  const position: [number, number, number] = [round(x), 0, round(z)];
  return { position, yaw: round(yawTowards(position, car.position)) };
}

/**
 * Where a stop puts the visitor, given where the cars stand (by id): before its car; the opening
 * in the aisle in front of the line-up, looking down it; the closing behind the last row,
 * looking back over every car towards the entrance. Undefined while the cars it needs are not
 * placed yet.
 */
export function standForStop(stop: TourStop, placements: ReadonlyMap<string, ExhibitPlacement>): Stand | undefined {
  if (stop.kind === 'car') {
    const car = placements.get(stop.carId);
    return car && standBefore(car);
  }
  const all = [...placements.values()];
  if (all.length === 0) return undefined;
  const aisle = all.reduce((sum, car) => sum + car.position[0], 0) / all.length;
  const front = Math.max(...all.map((car) => car.position[2]));
  const back = Math.min(...all.map((car) => car.position[2]));
  // The hall runs along Z with its entrance at +Z (the spawn faces −Z down the aisle).
  return stop.kind === 'opening'
    ? { position: [round(aisle), 0, round(front + 3.5)], yaw: 0 }
    : { position: [round(aisle), 0, round(back - 4.5)], yaw: Math.PI };
}

/** Millimetres are enough, and make stands compare equal when their cars have not moved. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
