import { readdir, readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MarqueError } from '../../../protocol/src/errors';

/** A SQL database: embedded PGlite by default, PostgreSQL when a URL is given. */
export interface Database {
  /** `pglite` (embedded, in the data folder) or `postgres` (`DATABASE_URL`). */
  readonly kind: 'pglite' | 'postgres';
  /** Runs one parameterised statement (`$1`, `$2` …) and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws (and the error rethrown). Other statements wait on PGlite, which has one
   * connection; on PostgreSQL they run beside it on other connections of the pool.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Checks the connection answers; used by `/healthz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What a transaction's work may run: statements on the transaction's connection. */
export type Queryable = Pick<Database, 'query'>;

/** Where the database lives. */
export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** Folder of the embedded database; absent means in memory (tests). */
  dataDir?: string;
}

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/**
 * Opens the database and brings its schema up to date. The same migrations run
 * on PGlite and PostgreSQL, so the embedded default and production share one path.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const db = options.url ? await openPostgres(options.url) : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function openPglite(dataDir?: string): Promise<Database> {
  // Private to this user: PGlite's own files are created writable by everyone.
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let lite: PGlite;
  try {
    lite = await PGlite.create(dataDir);
  } catch (cause) {
    // The data folder's lock (data-folder.ts) keeps other Marque processes out, so a folder that
    // does not open is damaged.
    throw new MarqueError('db', `the embedded database${dataDir ? ` in ${dataDir}` : ''} is damaged and cannot be opened: ${(cause as Error).message ?? String(cause)}`, {
      details:
        'move the folder away to start with an empty database (the chain index is rebuilt from the chain; launches, visits and record details stay in the moved folder), or put back a copy of it',
      cause,
    });
  }
  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await lite.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await lite.exec(sql);
    },
    transaction(work) {
      return lite.transaction((tx) =>
        work({ query: async <Row>(sql: string, params: unknown[] = []) => (await tx.query<Row>(sql, params)).rows }),
      );
    },
    async ping() {
      await lite.query('select 1');
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end();
    throw new MarqueError('db', `cannot connect to PostgreSQL at ${redact(url)}`, {
      details: 'check DATABASE_URL and that the server is running, or unset it to use the embedded database',
      cause,
    });
  }
  return {
    kind: 'postgres',
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
        });
        await client.query('commit');
        client.release();
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped rather than returned to the pool.
        const broken = await client.query('rollback').then(() => undefined, (rollbackError: Error) => rollbackError);
        client.release(broken);
        throw error;
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}

async function migrate(db: Database): Promise<void> {
  await db.exec(`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`);
  const applied = new Set(
    (await db.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name),
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
    try {
      // One transaction per migration: a failed one leaves nothing half-applied.
      await db.exec(`begin;\n${sql}\ninsert into schema_migrations (name) values ('${file}');\ncommit;`);
    } catch (cause) {
      await db.exec('rollback').catch(() => {});
      throw new MarqueError('db', `migration ${file} failed; the database is unchanged`, { cause });
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
