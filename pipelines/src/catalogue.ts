import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PipelineError } from './errors';
import { REPO_ROOT } from './repo-root';

/** Where the marque's variant catalogue lives. */
export const CATALOGUE_FILE = path.join(REPO_ROOT, 'assets', 'catalogue.json');

/** Configurable categories and the material each one replaces on a car. */
export const VARIANT_SLOTS = {
  paint: 'paint',
  wheel: 'rim',
  caliper: 'caliper',
  interior: 'interior',
  trim: 'trim',
} as const;
export type VariantCategory = keyof typeof VARIANT_SLOTS;
export const VARIANT_CATEGORIES = Object.keys(VARIANT_SLOTS) as VariantCategory[];

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour');
const unit = z.number().min(0).max(1);

const finish = z.strictObject({
  name: z.string().min(1),
  baseColor: hex,
  metallic: unit,
  roughness: unit,
  sheenColor: hex.optional(),
  sheenRoughness: unit.optional(),
});
const paint = finish.extend({ clearcoat: unit, clearcoatRoughness: unit, flake: unit });

const code = z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'upper-case letters, digits and dashes');

const catalogueSchema = z.strictObject({
  paint: z.record(code, paint),
  wheel: z.record(code, finish),
  caliper: z.record(code, finish),
  interior: z.record(code, finish),
  trim: z.record(code, finish),
});

/** One concrete material of the catalogue. */
export type Finish = z.infer<typeof finish> & Partial<Pick<z.infer<typeof paint>, 'clearcoat' | 'clearcoatRoughness' | 'flake'>>;
/** The marque's codes per category, each with its PBR definition. */
export type Catalogue = Record<VariantCategory, Record<string, Finish>>;

/** Reads and checks the catalogue; every problem names the file and the JSON path. */
export async function loadCatalogue(file: string = CATALOGUE_FILE): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PipelineError(file, 'cannot be read', { details: [(cause as Error).message], cause });
  }
  return parseCatalogue(text, file);
}

/** Parses catalogue JSON text (see {@link loadCatalogue}). */
export function parseCatalogue(text: string, file: string): Catalogue {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PipelineError(file, 'is not valid JSON', { details: [(cause as Error).message], cause });
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    throw new PipelineError(file, 'is not a valid variant catalogue', {
      details: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  }
  return parsed.data;
}

/** The finish for a code, or an error naming the code, the category and the catalogue file. */
export function findFinish(catalogue: Catalogue, category: VariantCategory, code: string, file = CATALOGUE_FILE): Finish {
  const found = catalogue[category][code];
  if (found) return found;
  const known = Object.keys(catalogue[category]);
  throw new PipelineError(path.relative(process.cwd(), file) || file, `has no ${category} code "${code}"`, {
    details: [`known ${category} codes: ${known.join(', ') || '(none)'}`, 'add it to the catalogue or fix the code'],
  });
}
