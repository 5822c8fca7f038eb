import { describe, it } from 'vitest';

/** The databases Marque runs on: PGlite embedded, PostgreSQL at `DATABASE_URL`. */
export type DatabaseKind = 'pglite' | 'postgres';

/**
 * Declares the suite `title` once per kind of database, `$kind` in the title naming it: PGlite
 * always, PostgreSQL when `DATABASE_URL` is set; without it, the PostgreSQL suite is a skipped
 * test and `unit` says so once on the console. `body` declares the tests for `kind` (open the
 * database with `freshDatabases(…).fresh(kind)`).
 */
export function describeEachDatabase(unit: string, title: string, body: (kind: DatabaseKind) => void): void {
  const hasPostgres = !!process.env.DATABASE_URL;
  if (!hasPostgres) console.warn(`${unit}: DATABASE_URL is unset; the PostgreSQL run is skipped (set it to run it)`);
  describe.each([{ kind: 'pglite' as const }, { kind: 'postgres' as const }])(title, ({ kind }) => {
    if (kind === 'postgres' && !hasPostgres) {
      it.skip('needs DATABASE_URL', () => {});
      return;
    }
    body(kind);
  });
}
