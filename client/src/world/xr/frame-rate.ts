/**
 * The frame rate to ask of a headset: 72 Hz where offered, else 90 Hz, else the device's default
 * (`false`). Never the highest: 120 Hz on a Quest 3 is an 8.3 ms budget that a showroom of glossy
 * cars cannot hold; 72 Hz gives 13.9 ms, 90 Hz 11.1 ms (some PC headsets start at 90).
 */
export function comfortableFrameRate(rates: ArrayLike<number>): number | false {
  const offered = Array.from(rates);
  return offered.includes(72) ? 72 : offered.includes(90) ? 90 : false;
}
