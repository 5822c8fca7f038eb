import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabases } from '../testing/fresh-database';
import { openDatabase } from './database';

const DATABASE_URL = process.env.DATABASE_URL;
const databases = freshDatabases('marque-db');
afterAll(() => databases.cleanup());

/** A fresh, empty database of each kind that survives being closed and opened again. */
const freshDatabase = (kind: 'pglite' | 'postgres') => databases.fresh(kind);

const kinds = [
  { kind: 'pglite' as const, skip: false },
  { kind: 'postgres' as const, skip: !DATABASE_URL },
];
if (!DATABASE_URL) console.warn('db: DATABASE_URL is unset; the PostgreSQL tests are skipped (set it to run them)');

describe.each(kinds)('$kind database', ({ kind, skip }) => {
  it.skipIf(skip)('applies the migrations once and keeps data across a reopen', async () => {
    const options = await freshDatabase(kind);
    const db = await openDatabase(options);
    expect(db.kind).toBe(kind);
    await db.query('insert into accounts (address) values ($1)', ['0xabc']);
    const migrations = await db.query<{ name: string }>('select name from schema_migrations');
    expect(migrations.map((m) => m.name)).toContain('001-sign-in.sql');
    await db.close();

    const reopened = await openDatabase(options);
    expect(await reopened.query('select address from accounts')).toEqual([{ address: '0xabc' }]);
    expect(await reopened.query('select name from schema_migrations')).toHaveLength(migrations.length);
    await reopened.close();
  });

  it.skipIf(skip)('commits a transaction that resolves and rolls back one that throws', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    const count = async () => (await db.query<{ n: number }>('select count(*)::int as n from accounts'))[0]!.n;

    expect(await db.transaction(async (tx) => {
      await tx.query('insert into accounts (address) values ($1)', ['0xcommitted']);
      return 'done';
    })).toBe('done');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into accounts (address) values ($1)', ['0xrolled-back']);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');

    expect(await db.query('select address from accounts')).toEqual([{ address: '0xcommitted' }]);
    // A statement failing inside rolls back the statements before it; the database stays usable.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into accounts (address) values ($1)', ['0xsecond']);
        await tx.query('insert into accounts (address) values ($1)', ['0xcommitted']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await count()).toBe(1);
    await db.close();
  });

  it.skipIf(skip)('answers a ping', async () => {
    const db = await openDatabase(await freshDatabase(kind));
    await expect(db.ping()).resolves.toBeUndefined();
    await db.close();
  });
});

describe('bad configuration', () => {
  it('names the unreachable PostgreSQL server, without its password', async () => {
    await expect(openDatabase({ url: 'postgres://marque:secret@127.0.0.1:1/none' })).rejects.toThrow(
      /^db: cannot connect to PostgreSQL at postgres:\/\/marque:\*\*\*@127\.0\.0\.1:1\/none/,
    );
  });
});

describe('the embedded database', () => {
  it('is reported as damaged, with what to do, when its files are broken', async () => {
    const options = await freshDatabase('pglite');
    await (await openDatabase(options)).close();
    await writeFile(path.join(options.dataDir!, 'global', 'pg_control'), Buffer.alloc(8192, 7));

    await expect(openDatabase(options)).rejects.toThrow(/^db: the embedded database in .* is damaged and cannot be opened: /);
    await expect(openDatabase(options)).rejects.toMatchObject({ details: expect.stringMatching(/^move the folder away to start with an empty database/) });
  });
});
