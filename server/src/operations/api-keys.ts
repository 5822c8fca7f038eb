import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { MarqueError } from '../../../protocol/src/errors';
import type { ApiKeyScope, ApiKeyView } from '../../../protocol/src/operations-api';
import type { Database } from '../db/database';

/** A key's owner, once its secret checked out. */
export interface ApiKeyCaller {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
}

interface KeyRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  secret_hash: string;
  created_by: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
}

/** Prefix of every key, so a key is recognised (and found by secret scanners) at a glance. */
export const API_KEY_PREFIX = 'mk_';

/**
 * Integration API keys: `mk_<id>_<secret>`, made by the brand team in the console with scopes,
 * shown once, stored as a SHA-256 of the secret (a 32-byte random secret needs no slow hash),
 * revocable, listed with their last use.
 */
export class ApiKeys {
  constructor(private readonly db: Database) {}

  /** Makes a key; the answer's `key` is the only time the secret is seen. */
  async create(name: string, scopes: ApiKeyScope[], createdBy: string): Promise<{ key: string; view: ApiKeyView }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const [row] = await this.db.query<KeyRow>(
      'insert into api_keys (id, name, scopes, secret_hash, created_by) values ($1, $2, $3, $4, $5) returning *',
      [id, name, [...new Set(scopes)], hash(secret), createdBy],
    );
    return { key: `${API_KEY_PREFIX}${id}_${secret}`, view: toView(row!) };
  }

  /**
   * The caller a key stands for; its last use is noted.
   * @throws MarqueError 401 `key-invalid` (malformed, unknown or wrong secret) or `key-revoked`.
   */
  async verify(key: string): Promise<ApiKeyCaller> {
    const match = /^mk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
    const invalid = new MarqueError('operations', 'the API key is not valid', {
      status: 401,
      reason: 'key-invalid',
      details: 'send the whole key as made in the staff console (mk_…), as `Authorization: Bearer mk_…`',
    });
    if (!match) throw invalid;
    const [row] = await this.db.query<KeyRow>('select * from api_keys where id = $1', [match[1]]);
    if (!row || !timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), Buffer.from(hash(match[2]!), 'hex'))) throw invalid;
    if (row.revoked_at) {
      throw new MarqueError('operations', `the API key "${row.name}" (${row.id}) was revoked on ${new Date(row.revoked_at).toISOString()}`, {
        status: 401,
        reason: 'key-revoked',
        details: 'ask the brand team for a new key in the staff console',
      });
    }
    await this.db.query('update api_keys set last_used_at = now() where id = $1', [row.id]);
    return { id: row.id, name: row.name, scopes: row.scopes };
  }

  /** Every key, newest first. */
  async list(): Promise<ApiKeyView[]> {
    return (await this.db.query<KeyRow>('select * from api_keys order by created_at desc')).map(toView);
  }

  /** Revokes a key at once: its next request is refused. @throws MarqueError 404 for an unknown key. */
  async revoke(id: string, by: string): Promise<ApiKeyView> {
    const [row] = await this.db.query<KeyRow>('update api_keys set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2) where id = $1 returning *', [id, by]);
    if (!row) throw new MarqueError('operations', `no API key ${id}`, { status: 404, reason: 'unknown-key' });
    return toView(row);
  }
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toView(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.revoked_at ? { revokedAt: new Date(row.revoked_at).toISOString() } : {}),
    ...(row.last_used_at ? { lastUsedAt: new Date(row.last_used_at).toISOString() } : {}),
  };
}
