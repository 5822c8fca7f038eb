import { CAR_LINE_UP, type CarFacts } from '../../../protocol/src/car-line-up';
import { VARIANT_CATEGORIES, type VariantCategory } from '../../../protocol/src/catalogue';
import { MarqueError } from '../../../protocol/src/errors';
import { CATALOGUE, catalogueEntry } from '../catalogue';
import { CAR_DEFAULTS, type CarParams } from './car-params';

/** Catalogue codes a car offers, per category; the first of each is its default. */
export type CarVariants = Readonly<Record<VariantCategory, readonly string[]>>;

/** One car of the marque's line-up, as shown in the museum. */
export interface CarModel {
  /** Stable id: file names, URLs and the root node name derive from it. */
  id: string;
  /** Display name. */
  name: string;
  /** Model year. */
  year: number;
  /** Launch paint colour (sRGB hex), from its default paint code. */
  paint: string;
  /** What the configurator offers for it; it is built in the first code of each. */
  variants: CarVariants;
  /** Everything needed to build it with buildCar(). */
  params: Required<CarParams>;
}

/** Codes a car offers besides the finish it wears in the hall (its line-up entry's), per category. */
type OtherCodes = Partial<Record<VariantCategory, readonly string[]>>;

/** The current model offers every code of the catalogue. */
const EVERY_OTHER_CODE = 'every other code';

/**
 * A car of the line-up: its facts (name, year, dimensions, finish) from protocol's
 * CAR_LINE_UP, its shape from `params`, and what it offers besides its finish.
 */
function model(id: string, others: OtherCodes | typeof EVERY_OTHER_CODE, params: CarParams): CarModel {
  const facts = lineUpEntry(id);
  const finish = { ...facts.finish };
  const offered = (c: VariantCategory): readonly string[] =>
    others === EVERY_OTHER_CODE ? Object.keys(CATALOGUE[c]).filter((code) => code !== finish[c]) : (others[c] ?? []);
  return {
    id,
    name: facts.name,
    year: facts.year,
    paint: catalogueEntry('paint', finish.paint).baseColor,
    variants: Object.fromEntries(VARIANT_CATEGORIES.map((c) => [c, [finish[c], ...offered(c)]])) as unknown as CarVariants,
    params: { ...CAR_DEFAULTS, ...params, ...facts.dimensions, id, finish },
  };
}

function lineUpEntry(id: string): CarFacts {
  const facts = CAR_LINE_UP.find((entry) => entry.id === id);
  if (!facts) {
    throw new MarqueError('assets/cars', `"${id}" is not in the line-up`, {
      details: `add its name, year, dimensions and finish to CAR_LINE_UP in protocol/src/car-line-up.ts (it has ${CAR_LINE_UP.map((e) => e.id).join(', ')})`,
    });
  }
  return facts;
}

/**
 * The marque's cars, oldest first. All fictional: names, shapes and colours are the
 * project's own (see assets/LICENSES.md).
 */
export const CAR_MODELS: readonly CarModel[] = [
  model(
    'mistral-1957',
    { paint: ['P-ROUGE-PASSION', 'P-VERT-FORET', 'P-NOIR'], interior: ['I-NOIR'] },
    {
      roof: 'open',
      frontOverhang: 0.78,
      track: 1.34,
      groundClearance: 0.15,
      wheelRadius: 0.33,
      wheelWidth: 0.17,
      rimRadius: 0.2,
      spokes: 40,
      spokeWidth: 0.005,
      spokeLacing: 0.4,
      archGap: 0.045,
      noseHeight: 0.7,
      cowlHeight: 0.84,
      beltRise: -0.03,
      tailHeight: 0.8,
      chinHeight: 0.24,
      tailBottom: 0.36,
      noseDrop: 0.2,
      tailDrop: 0.2,
      noseRadius: 0.5,
      tailRadius: 0.5,
      waist: 0.05,
      fenderRise: 0.1,
      haunchRise: 0.09,
      noseLean: 0.03,
      tailLean: 0.12,
      sillHeight: 0,
      cowlSetback: 1.0,
      windshieldRun: 0.28,
      roofRun: 0.92,
      fastbackRun: 0.4,
      cabinWidth: 0.8,
      tumblehome: 0.3,
      crown: 0.05,
      shoulderRadius: 0.15,
      headlights: 'round',
      taillights: 'round',
      grille: 'oval',
      bumpers: 'chrome',
      glassOpacity: 0.25,
    },
  ),
  model(
    'aurore-1964',
    { paint: ['P-CREME-IVOIRE', 'P-ARGENT-LUNE', 'P-ROUGE-PASSION'], interior: ['I-NOIR'] },
    {
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
    },
  ),
  model(
    'orage-1974',
    { paint: ['P-NOIR', 'P-ARGENT-LUNE'], interior: ['I-NOIR'] },
    {
      frontOverhang: 1.02,
      track: 1.58,
      groundClearance: 0.12,
      wheelRadius: 0.32,
      wheelWidth: 0.235,
      rimRadius: 0.2,
      spokes: 8,
      spokeWidth: 0.05,
      archGap: 0.03,
      noseHeight: 0.5,
      cowlHeight: 0.76,
      beltRise: 0.1,
      tailHeight: 0.9,
      chinHeight: 0.14,
      tailBottom: 0.4,
      noseDrop: 0.03,
      tailDrop: 0.03,
      noseRadius: 0.12,
      tailRadius: 0.12,
      waist: 0,
      fenderRise: 0,
      haunchRise: 0,
      noseLean: 0.02,
      tailLean: 0,
      sillHeight: 0.1,
      cowlSetback: 0.12,
      windshieldRun: 0.9,
      roofRun: 0.42,
      fastbackRun: 1.15,
      cabinWidth: 0.76,
      tumblehome: 0.4,
      crown: 0.02,
      shoulderRadius: 0.03,
      headlights: 'slim',
      taillights: 'bar',
      grille: 'intake',
    },
  ),
  model(
    'celeste-1988',
    { paint: ['P-NOIR', 'P-BLANC-NACRE', 'P-ARGENT-LUNE'], caliper: ['C-ROUGE'], interior: ['I-CRAIE'] },
    {
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
    },
  ),
  model(
    'sillage-2009',
    { paint: ['P-ARGENT-LUNE', 'P-NOIR', 'P-VERT-FORET'], wheel: ['W-ARGENT-20'], caliper: ['C-LAITON'], interior: ['I-CRAIE'] },
    {
      frontOverhang: 0.95,
      track: 1.66,
      groundClearance: 0.14,
      wheelRadius: 0.37,
      rimRadius: 0.275,
      spokes: 7,
      spokeWidth: 0.05,
      noseHeight: 0.66,
      cowlHeight: 0.94,
      beltRise: 0.05,
      tailHeight: 0.98,
      tailBottom: 0.4,
      noseDrop: 0.12,
      tailDrop: 0.07,
      noseRadius: 0.38,
      tailRadius: 0.22,
      cowlSetback: 0.6,
      windshieldRun: 0.72,
      roofRun: 2.0,
      fastbackRun: 0.36,
      cabinWidth: 0.76,
      tumblehome: 0.42,
      headlights: 'slim',
      taillights: 'bar',
      grille: 'oval',
    },
  ),
  model('astrale-2025', EVERY_OTHER_CODE, {}),
];

/** The current model: it has every configurable part and the full catalogue of variants. */
export const CURRENT_MODEL_ID = 'astrale-2025';
