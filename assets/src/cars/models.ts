import { CAR_DEFAULTS, type CarParams } from './car-params';

/** One car of the marque's line-up, as shown in the museum. */
export interface CarModel {
  /** Stable id: file names, URLs and the root node name derive from it. */
  id: string;
  /** Display name. */
  name: string;
  /** Model year. */
  year: number;
  /** Launch paint colour (sRGB hex). */
  paint: string;
  /** Everything needed to build it with buildCar(). */
  params: Required<CarParams>;
}

function model(id: string, name: string, year: number, params: CarParams & { paint: string }): CarModel {
  return { id, name, year, paint: params.paint, params: { ...CAR_DEFAULTS, ...params, id } };
}

/**
 * The marque's cars, oldest first. All fictional: names, shapes and colours are the
 * project's own (see assets/LICENSES.md).
 */
export const CAR_MODELS: readonly CarModel[] = [
  model('aurore-1964', 'Aurore Coupé', 1964, {
    paint: '#2c4a3a',
    interior: '#8a5a35',
    rim: '#d9dadc',
    length: 4.45,
    width: 1.72,
    height: 1.27,
    wheelbase: 2.5,
    frontOverhang: 0.86,
    track: 1.4,
    groundClearance: 0.15,
    wheelRadius: 0.325,
    wheelWidth: 0.185,
    rimRadius: 0.2,
    spokes: 36,
    spokeWidth: 0.005,
    spokeLacing: 0.35,
    archGap: 0.04,
    noseHeight: 0.66,
    cowlHeight: 0.86,
    beltRise: 0.02,
    tailHeight: 0.84,
    chinHeight: 0.22,
    tailBottom: 0.34,
    noseDrop: 0.16,
    tailDrop: 0.14,
    noseRadius: 0.5,
    tailRadius: 0.45,
    waist: 0.02,
    fenderRise: 0.07,
    haunchRise: 0.05,
    noseLean: 0.04,
    tailLean: 0.1,
    sillHeight: 0,
    cowlSetback: 0.88,
    windshieldRun: 0.55,
    roofRun: 0.62,
    fastbackRun: 1.0,
    cabinWidth: 0.8,
    tumblehome: 0.35,
    crown: 0.05,
    shoulderRadius: 0.13,
    headlights: 'round',
    taillights: 'round',
    grille: 'oval',
    bumpers: 'chrome',
    glassOpacity: 0.4,
  }),
  model('celeste-1988', 'Céleste V12', 1988, {
    paint: '#a3161b',
    interior: '#1c1c1e',
    rim: '#9a9ca0',
    length: 4.5,
    width: 1.88,
    height: 1.24,
    wheelbase: 2.6,
    frontOverhang: 1.0,
    track: 1.56,
    groundClearance: 0.13,
    wheelRadius: 0.33,
    wheelWidth: 0.245,
    rimRadius: 0.225,
    spokes: 5,
    spokeWidth: 0.075,
    archGap: 0.035,
    noseHeight: 0.56,
    cowlHeight: 0.82,
    beltRise: 0.04,
    tailHeight: 0.9,
    chinHeight: 0.16,
    tailBottom: 0.38,
    noseDrop: 0.05,
    tailDrop: 0.04,
    noseRadius: 0.16,
    tailRadius: 0.14,
    waist: 0.0,
    fenderRise: 0.0,
    haunchRise: 0.0,
    noseLean: 0.14,
    tailLean: 0.02,
    sillHeight: 0.1,
    cowlSetback: 0.55,
    windshieldRun: 0.72,
    roofRun: 0.5,
    fastbackRun: 0.95,
    cabinWidth: 0.8,
    tumblehome: 0.32,
    crown: 0.025,
    shoulderRadius: 0.035,
    headlights: 'slim',
    taillights: 'bar',
    grille: 'intake',
  }),
  model('astrale-2025', 'Astrale GT', 2025, {
    paint: '#1f3354',
  }),
];
