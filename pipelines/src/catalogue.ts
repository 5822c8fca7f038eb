import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Catalogue,
  type CatalogueEntry,
  CATEGORY_MATERIAL,
  catalogueSchema,
  VARIANT_CATEGORIES,
  type VariantCategory,
} from '../../assets/src/catalogue';
import { PipelineError } from './errors';
import { REPO_ROOT } from './repo-root';

export { type Catalogue, type CatalogueEntry as Finish, CATEGORY_MATERIAL as VARIANT_SLOTS, VARIANT_CATEGORIES, type VariantCategory };

/** Where the marque's variant catalogue lives. */
export const CATALOGUE_FILE = path.join(REPO_ROOT, 'assets', 'catalogue.json');

/** Reads and checks a catalogue file (its shape is assets/src/catalogue.ts's); every problem names the file and the JSON path. */
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
export function findFinish(catalogue: Catalogue, category: VariantCategory, code: string, file = CATALOGUE_FILE): CatalogueEntry {
  const found = catalogue[category][code];
  if (found) return found;
  const known = Object.keys(catalogue[category]);
  throw new PipelineError(path.relative(process.cwd(), file) || file, `has no ${category} code "${code}"`, {
    details: [`known ${category} codes: ${known.join(', ') || '(none)'}`, 'add it to the catalogue or fix the code'],
  });
}
