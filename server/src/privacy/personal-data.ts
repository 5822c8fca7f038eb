import { MarqueError } from '../../../protocol/src/errors';
import type { Database, Queryable } from '../db/database';

/**
 * The person whose data is exported or erased. Marque knows a person by an address: the wallet they
 * signed in with (SIWE) or their passkey account. Lowercase 0x-hex, always.
 */
export interface PersonalDataSubject {
  /** The person's address, lowercase 0x-hex (a wallet or a passkey smart account). */
  address: `0x${string}`;
}

/**
 * One place where Marque keeps something about a person: a table (or a few that belong together),
 * an outbox, an analytics store. Each feature that keeps personal data registers its source in
 * server/src/services.ts; the privacy page lists them (what, where, why, how long), "see everything"
 * exports from each, "erase" erases from each, in one database transaction.
 */
export interface PersonalDataSource {
  /** Short stable name, kebab-case: `sign-in`, `launch-attendance`, `appointments`. Unique in the registry. */
  name: string;
  /** What is kept, for people: "The times you signed in with your wallet". */
  what: string;
  /** Where it is kept, for people: "Marque's database (table accounts)". */
  where: string;
  /** Why it is kept (the purpose, and the consent or other ground it rests on). */
  why: string;
  /** How long it is kept: "Until you erase it", "90 days after the launch". */
  retention: string;
  /**
   * Everything this source keeps about the subject, as JSON-serialisable data (rows as plain
   * objects; dates as ISO strings are fine, Date objects are serialised by JSON.stringify).
   * Returns an empty array or `null` when it keeps nothing.
   */
  export(subject: PersonalDataSubject, db: Queryable): Promise<unknown>;
  /**
   * Deletes (or irreversibly anonymises) everything this source keeps about the subject, through
   * `tx`, the erasure's one transaction: when any source throws, nothing is erased. Returns how many
   * items (rows) were erased. A source that also holds copies outside the database (memory, Redis)
   * clears them too; it must do so only after nothing in the transaction can fail, or tolerate a redo.
   */
  erase(subject: PersonalDataSubject, tx: Queryable): Promise<number>;
}

/** What a source says about itself on the privacy page. */
export interface PersonalDataDescription {
  name: string;
  what: string;
  where: string;
  why: string;
  retention: string;
}

/** The answer of "see everything": every source's data about the subject. */
export interface PersonalDataExport {
  subject: string;
  exportedAt: string;
  sources: Array<PersonalDataDescription & { data: unknown }>;
}

/** The answer of "erase": how many items each source erased. */
export interface PersonalDataErasure {
  subject: string;
  erasedAt: string;
  sources: Array<{ name: string; erased: number }>;
}

/** Listeners told after an erasure committed (caches, open sessions). */
export type ErasureListener = (subject: PersonalDataSubject) => void | Promise<void>;

/**
 * The registry of every {@link PersonalDataSource}: the one place export and erasure go through, so a
 * feature that keeps personal data and registers its source is covered by both without further wiring.
 */
export class PersonalDataRegistry {
  readonly #sources = new Map<string, PersonalDataSource>();
  readonly #listeners: ErasureListener[] = [];

  constructor(private readonly db: Database) {}

  /** Adds a source; a second source with the same name is a programming error. */
  register(source: PersonalDataSource): this {
    if (this.#sources.has(source.name)) {
      throw new MarqueError('privacy', `a personal-data source named "${source.name}" is already registered`, {
        details: 'Give each source its own name (kebab-case, e.g. "appointments").',
        reason: 'duplicate-source',
      });
    }
    this.#sources.set(source.name, source);
    return this;
  }

  /** Called after each committed erasure (e.g. to drop cached sessions of the subject). */
  onErased(listener: ErasureListener): void {
    this.#listeners.push(listener);
  }

  /** Every source's description, in registration order (the privacy page's table). */
  describe(): PersonalDataDescription[] {
    return [...this.#sources.values()].map(({ name, what, where, why, retention }) => ({ name, what, where, why, retention }));
  }

  /** The registered sources' names. */
  names(): string[] {
    return [...this.#sources.keys()];
  }

  /** Everything every source keeps about `subject`. */
  async export(subject: PersonalDataSubject): Promise<PersonalDataExport> {
    const normal = normalSubject(subject);
    const sources: PersonalDataExport['sources'] = [];
    for (const source of this.#sources.values()) {
      let data: unknown;
      try {
        data = await source.export(normal, this.db);
      } catch (cause) {
        throw new MarqueError('privacy', `could not export "${source.name}"`, {
          cause,
          details: `${(cause as Error).message}\nNothing was sent; try again.`,
          reason: 'export-failed',
        });
      }
      sources.push({ name: source.name, what: source.what, where: source.where, why: source.why, retention: source.retention, data: data ?? [] });
    }
    return { subject: normal.address, exportedAt: new Date().toISOString(), sources };
  }

  /** Erases everything every source keeps about `subject`, in one transaction: all or nothing. */
  async erase(subject: PersonalDataSubject): Promise<PersonalDataErasure> {
    const normal = normalSubject(subject);
    const sources = await this.db.transaction(async (tx) => {
      const counts: PersonalDataErasure['sources'] = [];
      for (const source of this.#sources.values()) {
        try {
          counts.push({ name: source.name, erased: await source.erase(normal, tx) });
        } catch (cause) {
          throw new MarqueError('privacy', `could not erase "${source.name}"; nothing was erased`, {
            cause,
            details: `${(cause as Error).message}\nTry again; erasure is all or nothing.`,
            reason: 'erase-failed',
          });
        }
      }
      return counts;
    });
    for (const listener of this.#listeners) {
      try {
        await listener(normal);
      } catch (error) {
        console.warn(`privacy: a listener after erasing ${normal.address} failed: ${(error as Error).message}`);
      }
    }
    return { subject: normal.address, erasedAt: new Date().toISOString(), sources };
  }
}

function normalSubject(subject: PersonalDataSubject): PersonalDataSubject {
  const address = subject.address?.toLowerCase();
  if (!/^0x[0-9a-f]{40}$/.test(address ?? '')) {
    throw new MarqueError('privacy', `"${String(subject.address)}" is not an address`, {
      status: 400,
      reason: 'bad-subject',
      details: 'A subject is a wallet or passkey account address, 0x and 40 hex digits.',
    });
  }
  return { address: address as `0x${string}` };
}

/**
 * A source for rows of one table that name the subject, the common case: export selects them,
 * erase deletes them. The rows are those whose `column` holds the subject's address (lowercase),
 * or those `match` picks when an address may be written otherwise (a session subject, a mention
 * in a text).
 */
export function tableSource(
  description: PersonalDataDescription & {
    table: string;
    /** Columns to export; all by default. */
    columns?: string[];
  } & (
      | {
          /** The column holding the subject's address (lowercase). */
          column: string;
          match?: never;
        }
      | {
          /** SQL true for the subject's rows, `$1` being their address (lowercase); written by this code, never from input. */
          match: string;
          column?: never;
        }
    ),
): PersonalDataSource {
  const { table, column, match, columns, ...text } = description;
  const plain = (name: string) => /^[a-z_][a-z0-9_]*$/.test(name);
  if (!plain(table) || (column !== undefined && !plain(column)) || columns?.some((c) => !plain(c))) {
    throw new MarqueError('privacy', `source "${text.name}" names a table or column that is not a plain SQL name`, { reason: 'bad-source' });
  }
  const where = match ?? `lower(${column}) = $1`;
  const list = columns?.length ? columns.join(', ') : '*';
  return {
    ...text,
    export: (subject, db) => db.query(`select ${list} from ${table} where ${where}`, [subject.address]),
    async erase(subject, tx) {
      const rows = await tx.query(`delete from ${table} where ${where} returning 1 as gone`, [subject.address]);
      return rows.length;
    },
  };
}
