import raw from '../catalogue.json' with { type: 'json' };
import { type Catalogue, type CatalogueEntry, catalogueSchema, type VariantCategory } from '../../protocol/src/catalogue';
import { MarqueError } from '../../protocol/src/errors';

/**
 * Checks a parsed catalogue against its shape (protocol/src/catalogue.ts) and returns it typed.
 * Throws a {@link MarqueError} listing every problem with its path, so one run shows all of them.
 */
export function parseCatalogue(input: unknown, file = 'assets/catalogue.json'): Catalogue {
  const parsed = catalogueSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new MarqueError('assets/catalogue', `${file} is not a valid catalogue (${problems.length} problem${problems.length > 1 ? 's' : ''})`, {
    details: problems.join('; '),
  });
}

/** The marque's variant catalogue, `assets/catalogue.json`, checked at load. */
export const CATALOGUE: Catalogue = parseCatalogue(raw);

/** The entry for `code` in `category`; throws a {@link MarqueError} naming the code if absent. */
export function catalogueEntry(category: VariantCategory, code: string): CatalogueEntry {
  const entry = CATALOGUE[category][code];
  if (!entry) {
    throw new MarqueError('assets/catalogue', `no ${category} "${code}" in assets/catalogue.json`, {
      details: `known ${category} codes: ${Object.keys(CATALOGUE[category]).join(', ')}; add it to assets/catalogue.json or use a known code`,
    });
  }
  return entry;
}
