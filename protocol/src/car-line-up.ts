import type { VariantCategory } from './catalogue';

/**
 * The facts of the marque's cars that every side shows or checks: names, years, sizes and
 * the finish each wears in the museum. assets/src/cars/models.ts builds each car with these
 * (its shape parameters live there); the client's museum words and the server's views agree
 * with them. Plain data.
 */

/** Outer size in metres, as the car is built. */
export interface CarDimensions {
  length: number;
  width: number;
  height: number;
  wheelbase: number;
}

/** One car of the line-up. */
export interface CarFacts {
  /** Stable id: file names, URLs and the car's root node name derive from it. */
  id: string;
  /** Display name. */
  name: string;
  /** Model year. */
  year: number;
  dimensions: CarDimensions;
  /** The catalogue code it wears per category in the museum: its default configuration. */
  finish: Readonly<Record<VariantCategory, string>>;
}

/** The marque's cars, oldest first (the museum's plinths follow this order). All fictional. */
export const CAR_LINE_UP: readonly CarFacts[] = [
  {
    id: 'mistral-1957',
    name: 'Mistral Spider',
    year: 1957,
    dimensions: { length: 4.2, width: 1.68, height: 1.2, wheelbase: 2.36 },
    finish: { paint: 'P-CREME-IVOIRE', wheel: 'W-CHROME-RAYONS', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-CHROME' },
  },
  {
    id: 'aurore-1964',
    name: 'Aurore Coupé',
    year: 1964,
    dimensions: { length: 4.45, width: 1.72, height: 1.27, wheelbase: 2.5 },
    finish: { paint: 'P-VERT-FORET', wheel: 'W-CHROME-RAYONS', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-CHROME' },
  },
  {
    id: 'orage-1974',
    name: 'Orage',
    year: 1974,
    dimensions: { length: 4.25, width: 1.9, height: 1.08, wheelbase: 2.5 },
    finish: { paint: 'P-ORANGE-SOLAIRE', wheel: 'W-TITANE-SATIN', caliper: 'C-NOIR', interior: 'I-LIN-VEGETAL', trim: 'T-CHROME-FONCE' },
  },
  {
    id: 'celeste-1988',
    name: 'Céleste V12',
    year: 1988,
    dimensions: { length: 4.5, width: 1.88, height: 1.24, wheelbase: 2.6 },
    finish: { paint: 'P-ROUGE-PASSION', wheel: 'W-TITANE-SATIN', caliper: 'C-NOIR', interior: 'I-NOIR', trim: 'T-CHROME-FONCE' },
  },
  {
    id: 'sillage-2009',
    name: 'Sillage Break',
    year: 2009,
    dimensions: { length: 4.95, width: 1.95, height: 1.4, wheelbase: 2.95 },
    finish: { paint: 'P-BRONZE-SABLE', wheel: 'W-FORGED-21', caliper: 'C-NOIR', interior: 'I-COGNAC', trim: 'T-TITANE-BROSSE' },
  },
  {
    id: 'astrale-2025',
    name: 'Astrale GT',
    year: 2025,
    dimensions: { length: 4.6, width: 1.94, height: 1.29, wheelbase: 2.76 },
    finish: { paint: 'P-BLEU-MINUIT', wheel: 'W-ARGENT-20', caliper: 'C-LAITON', interior: 'I-NOIR', trim: 'T-CHROME-FONCE' },
  },
];
