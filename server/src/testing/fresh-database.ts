import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '../db/database';

/**
 * Fresh, empty databases for tests, of each kind: a PGlite folder, or a PostgreSQL schema of
 * its own at `DATABASE_URL` (so parallel test files never see each other's rows). `cleanup`
 * removes them all; call it in `afterAll`.
 */
export function freshDatabases(prefix: string) {
  const databaseUrl = process.env.DATABASE_URL;
  const folders: string[] = [];
  const schemas: string[] = [];

  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  return {
    /** A database that survives being closed and opened again. */
    async fresh(kind: 'pglite' | 'postgres'): Promise<DatabaseOptions> {
      if (kind === 'pglite') return { dataDir: await this.folder(prefix) };
      if (!databaseUrl) throw new Error('freshDatabases: PostgreSQL needs DATABASE_URL');
      const schema = `${prefix.replace(/\W/g, '_')}_${process.pid}_${schemas.length}`;
      schemas.push(schema);
      await admin((client) => client.query(`create schema ${schema}`));
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { url: url.toString() };
    },
    /** An empty folder, removed with the databases. */
    async folder(name: string): Promise<string> {
      const folder = await mkdtemp(path.join(tmpdir(), `${name}-`));
      folders.push(folder);
      return folder;
    },
    async cleanup(): Promise<void> {
      await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
      if (databaseUrl && schemas.length > 0) {
        await admin(async (client) => {
          for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
        });
      }
    },
  };
}
