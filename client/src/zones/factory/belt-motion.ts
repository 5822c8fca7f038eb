import { MarqueError } from '../../../../protocol/src/errors';

/**
 * The conveyor's belt as pure functions of time: its slats run along the line (+X), each
 * appearing at the start as a sliver that grows to full width, and shrinking into the end
 * as if it turned under the roller, so the belt runs without a slat ever jumping.
 */

/** The belt's slats as the file lays them out along X, evenly. */
export interface BeltLayout {
  /** Width of one slat along the line. */
  slatWidth: number;
  /** One lap: the number of slats times their spacing. */
  lap: number;
  /** Where the visible belt begins and ends along X; a lap less a slat long, centred on the slats' span. */
  start: number;
  end: number;
}

/** The factory's belt speed, metres a second: a slow assembly-line pace. */
export const BELT_SPEED = 0.15;

/**
 * The layout of slats whose centres along X are `centres` (in any order, evenly spaced) and
 * whose width is `slatWidth`. Throws when they are not evenly spaced or overlap, since the
 * belt could not then run seamlessly.
 */
export function beltLayout(centres: readonly number[], slatWidth: number): BeltLayout {
  if (centres.length < 2) throw new MarqueError('factory', `the conveyor has ${centres.length} slat(s); it needs at least two to run`);
  const sorted = [...centres].sort((a, b) => a - b);
  const spacing = (sorted.at(-1)! - sorted[0]!) / (sorted.length - 1);
  if (spacing <= slatWidth) throw new MarqueError('factory', `the conveyor's slats (${slatWidth.toFixed(3)} m wide) are ${spacing.toFixed(3)} m apart; they must not overlap`);
  sorted.forEach((x, i) => {
    if (Math.abs(x - (sorted[0]! + i * spacing)) > 1e-3) {
      throw new MarqueError('factory', `the conveyor's slats are not evenly spaced (slat ${i} at x = ${x.toFixed(3)}); rebuild the assets with \`npm run assets\``);
    }
  });
  const lap = sorted.length * spacing;
  const span = sorted.at(-1)! - sorted[0]! + slatWidth;
  // A slat wraps from the end back to the start unseen only if the visible belt is at most
  // a lap less one slat long: then it is gone from the end before it appears at the start.
  const start = sorted[0]! - slatWidth / 2 + (span - (lap - slatWidth)) / 2;
  return { slatWidth, lap, start, end: start + lap - slatWidth };
}

/** How far the belt has run after `seconds` at `speed` (m/s), within one lap: the conveyor's offset. */
export function beltOffset(seconds: number, speed: number, layout: BeltLayout): number {
  return (((seconds * speed) % layout.lap) + layout.lap) % layout.lap;
}

/** Where a slat is drawn: its centre along X and its visible width (0 when it is under the belt). */
export interface SlatSpan {
  centre: number;
  width: number;
}

/**
 * Where the slat laid out at `centre` is once the belt has run `offset` metres: moved along the
 * lap, and cut to the visible belt. `out` is filled and returned.
 */
export function slatSpan(centre: number, offset: number, layout: BeltLayout, out: SlatSpan = { centre: 0, width: 0 }): SlatSpan {
  const { slatWidth, lap, start, end } = layout;
  // Leading edges run over [start − width, end): a slat is fully hidden at both ends of that range.
  const origin = start - slatWidth;
  const edge = origin + ((((centre - slatWidth / 2 - origin + offset) % lap) + lap) % lap);
  const lo = Math.max(edge, start);
  const hi = Math.min(edge + slatWidth, end);
  out.width = Math.max(0, hi - lo);
  out.centre = out.width > 0 ? (lo + hi) / 2 : lo;
  return out;
}
