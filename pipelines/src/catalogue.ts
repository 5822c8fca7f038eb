import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Catalogue, type CatalogueEntry, catalogueSchema, type VariantCategory } from '../../protocol/src/catalogue';
import { MarqueError } from '../../protocol/src/errors';
import { REPO_ROOT } from './repo-root';

/** Where the marque's variant catalogue lives. */
export const CATALOGUE_FILE = path.join(REPO_ROOT, 'assets', 'catalogue.json');

/** Reads and checks a catalogue file (its shape is protocol/src/catalogue.ts's); every problem names the file and the JSON path. */
export async function loadCatalogue(file: string = CATALOGUE_FILE): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new MarqueError(file, 'cannot be read', { details: (cause as Error).message, cause });
  }
  return parseCatalogue(text, file);
}

/** Parses catalogue JSON text (see {@link loadCatalogue}). */
export function parseCatalogue(text: string, file: string): Catalogue {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new MarqueError(file, 'is not valid JSON', { details: (cause as Error).message, cause });
  }
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    throw new MarqueError(file, 'is not a valid variant catalogue', {
      details: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n'),
    });
  }
  return parsed.data;
}

/** The finish for a code, or an error naming the code, the category and the catalogue file. */
export function findFinish(catalogue: Catalogue, category: VariantCategory, code: string, file = CATALOGUE_FILE): CatalogueEntry {
  const found = catalogue[category][code];
  if (found) return found;
  const known = Object.keys(catalogue[category]);
  throw new MarqueError(path.relative(process.cwd(), file) || file, `has no ${category} code "${code}"`, {
    details: [`known ${category} codes: ${known.join(', ') || '(none)'}`, 'add it to the catalogue or fix the code'].join('\n'),
  });
}
