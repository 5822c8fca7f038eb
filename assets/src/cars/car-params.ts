import type { VariantCategory } from '../../../protocol/src/catalogue';

/** The catalogue code a car is built in, per category (see assets/catalogue.json). */
export type CarFinish = Readonly<Record<VariantCategory, string>>;

/**
 * Parameters of the parametric grand tourer. Units are metres; the car faces +Z with +Y up,
 * so its left side is +X. Colours are sRGB hex strings as a designer would write them.
 */
export interface CarParams {
  /** Name of the root node; use the model's id. */
  id?: string;

  /** Overall length, bumper to bumper. */
  length?: number;
  /** Body width at the widest point (mirrors excluded). */
  width?: number;
  /** Roof height above the ground. */
  height?: number;
  /** Distance between the front and rear axles. */
  wheelbase?: number;
  /** Distance from the front axle to the nose. */
  frontOverhang?: number;
  /** Distance between the left and right wheel centres. */
  track?: number;
  /** Height of the flat underbody above the ground. */
  groundClearance?: number;

  /** Tyre outer radius; the car sits on y=0 through it. */
  wheelRadius?: number;
  /** Tyre section width. */
  wheelWidth?: number;
  /** Radius of the rim (where the tyre bead sits). */
  rimRadius?: number;
  /** Number of spokes in the wheel face. */
  spokes?: number;
  /** Width of one spoke at the rim. */
  spokeWidth?: number;
  /**
   * Angle (radians) between where a spoke leaves the hub and where it meets the rim.
   * 0 gives straight radial spokes; alternating offsets give a laced wire wheel.
   */
  spokeLacing?: number;
  /** Space between the tyre and the wheel arch. */
  archGap?: number;

  /** Height of the leading edge of the bonnet. */
  noseHeight?: number;
  /** Beltline height at the base of the windscreen. */
  cowlHeight?: number;
  /** How much the beltline rises from the windscreen base to the rear axle. */
  beltRise?: number;
  /** Height of the rear deck at the tail. */
  tailHeight?: number;
  /** Height of the lower edge of the front bumper. */
  chinHeight?: number;
  /** Height of the lower edge of the rear bumper. */
  tailBottom?: number;
  /** Radius with which the bonnet rolls over into the nose (side view). */
  noseDrop?: number;
  /** Radius with which the deck rolls over into the tail (side view). */
  tailDrop?: number;
  /** Plan-view corner radius of the nose. */
  noseRadius?: number;
  /** Plan-view corner radius of the tail. */
  tailRadius?: number;
  /** How much narrower the body is at the doors than over the wheels (each side). */
  waist?: number;
  /** How far the front wings rise above the bonnet centre over the front wheels. */
  fenderRise?: number;
  /** How far the beltline swells over the rear wheels. */
  haunchRise?: number;
  /** How far the top of the nose sits behind its chin (a raked front). */
  noseLean?: number;
  /** How far the bottom of the tail tucks forward under the deck. */
  tailLean?: number;
  /** Height of the dark band along the bottom of the flanks; 0 paints the whole flank. */
  sillHeight?: number;

  /** Distance of the windscreen base behind the front axle. */
  cowlSetback?: number;
  /** Horizontal run of the windscreen. */
  windshieldRun?: number;
  /** Horizontal length of the roof between windscreen and rear glass. */
  roofRun?: number;
  /** Horizontal run of the fastback, from the roof to the deck. */
  fastbackRun?: number;
  /** Greenhouse width at the beltline as a fraction of body width. */
  cabinWidth?: number;
  /** Inward lean of the side glass, metres per metre of height. */
  tumblehome?: number;
  /** Rise of the bonnet and roof centre over their edges. */
  crown?: number;
  /** Radius of the shoulder where the flanks turn into the top. */
  shoulderRadius?: number;

  /** Headlamp style. */
  headlights?: 'round' | 'slim';
  /** Tail lamp style. */
  taillights?: 'round' | 'bar';
  /** Front air intake style. */
  grille?: 'oval' | 'intake';
  /** Chrome bumper blades across the nose and tail, or none. */
  bumpers?: 'chrome' | 'none';

  /**
   * A fixed roof with a glass house, or an open two-seater: the cockpit is cut out of the
   * deck between `roofRearZ` and the windscreen base, and a framed windscreen rises to
   * `height`.
   */
  roof?: 'fixed' | 'open';

  /** Catalogue codes of the paint, wheels, calipers, interior and trim it is built in. */
  finish?: CarFinish;
  /** Glass tint (sRGB hex). */
  glassTint?: string;
  /** Glass opacity: 0 is clear, 1 opaque. */
  glassOpacity?: number;

  /** Multiplies tessellation density; 1 keeps a car well under 40k triangles. */
  detail?: number;
}

/** A modern grand tourer: long bonnet, fastback, slim lamps. */
export const CAR_DEFAULTS: Required<CarParams> = {
  id: 'car',
  length: 4.6,
  width: 1.94,
  height: 1.29,
  wheelbase: 2.76,
  frontOverhang: 0.96,
  track: 1.64,
  groundClearance: 0.13,

  wheelRadius: 0.36,
  wheelWidth: 0.265,
  rimRadius: 0.28,
  spokes: 10,
  spokeWidth: 0.034,
  spokeLacing: 0,
  archGap: 0.03,

  noseHeight: 0.62,
  cowlHeight: 0.9,
  beltRise: 0.04,
  tailHeight: 0.93,
  chinHeight: 0.17,
  tailBottom: 0.36,
  noseDrop: 0.13,
  tailDrop: 0.09,
  noseRadius: 0.42,
  tailRadius: 0.34,
  waist: 0.04,
  fenderRise: 0.05,
  haunchRise: 0.03,
  noseLean: 0.1,
  tailLean: 0.12,
  sillHeight: 0.08,

  cowlSetback: 0.62,
  windshieldRun: 0.78,
  roofRun: 0.5,
  fastbackRun: 1.25,
  cabinWidth: 0.74,
  tumblehome: 0.5,
  crown: 0.045,
  shoulderRadius: 0.1,

  headlights: 'slim',
  taillights: 'bar',
  grille: 'intake',
  bumpers: 'none',
  roof: 'fixed',

  finish: {
    paint: 'P-BLEU-MINUIT',
    wheel: 'W-ARGENT-20',
    caliper: 'C-LAITON',
    interior: 'I-NOIR',
    trim: 'T-CHROME-FONCE',
  },
  glassTint: '#0f1518',
  glassOpacity: 0.55,

  detail: 1,
};
