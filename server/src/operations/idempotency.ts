import { createHash } from 'node:crypto';
import { MarqueError } from '../../../protocol/src/errors';
import type { Database } from '../db/database';

/** Header every write of the operations API carries. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** A finished request's answer, kept under its key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * Idempotency keys of the operations API's writes, per caller (an API key or a wallet). The first
 * request with a key runs and its successful answer is kept; a retry with the same key and the same
 * request gets that answer again (nothing runs twice); the same key with another request is refused.
 * A request that failed keeps nothing, so its retry runs again — every operation is itself keyed
 * (an order by its reference, each chain write by its job), so a retry never does anything twice.
 */
export class IdempotencyKeys {
  constructor(private readonly db: Database) {}

  /**
   * Runs `work` once per (caller, key); answers `{ replayed: true }` with the kept answer for a retry.
   * @throws MarqueError 400 `idempotency-key-missing`, 422 `idempotency-key-reused` (another request),
   * 409 `in-progress` (the first is still running).
   */
  async run(caller: string, key: string | null, request: unknown, work: () => Promise<StoredAnswer>): Promise<StoredAnswer & { replayed: boolean }> {
    if (!key || key.length > 128 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new MarqueError('operations', `every write needs an Idempotency-Key header of 1–128 visible ASCII characters (no spaces), new for each operation${key ? `; "${key.slice(0, 130)}" is not one` : ''}`, {
        status: 400,
        reason: key ? 'bad-idempotency-key' : 'idempotency-key-missing',
        details: 'send the same key again only to retry the same request (a retry never does the work twice)',
      });
    }
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const [inserted] = await this.db.query<{ caller: string }>(
      'insert into idempotent_requests (caller, idempotency_key, request_hash) values ($1, $2, $3) on conflict do nothing returning caller',
      [caller, key, requestHash],
    );
    if (!inserted) {
      const [row] = await this.db.query<{ request_hash: string; status: number | null; response: unknown }>(
        'select request_hash, status, response from idempotent_requests where caller = $1 and idempotency_key = $2',
        [caller, key],
      );
      if (row && row.request_hash !== requestHash) {
        throw new MarqueError('operations', `the Idempotency-Key "${key}" was already used for a different request`, {
          status: 422,
          reason: 'idempotency-key-reused',
          details: 'use a new key for a new operation',
        });
      }
      if (row && row.status === null) {
        throw new MarqueError('operations', `the request with Idempotency-Key "${key}" is still running`, { status: 409, reason: 'in-progress', details: 'ask again in a moment' });
      }
      if (row) return { status: row.status!, body: typeof row.response === 'string' ? JSON.parse(row.response) : row.response, replayed: true };
      // Removed meanwhile (the first attempt failed): run as new.
      return this.run(caller, key, request, work);
    }
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      await this.db.query('delete from idempotent_requests where caller = $1 and idempotency_key = $2', [caller, key]);
      throw error;
    }
    await this.db.query('update idempotent_requests set status = $3, response = $4 where caller = $1 and idempotency_key = $2', [caller, key, answer.status, JSON.stringify(answer.body)]);
    return { ...answer, replayed: false };
  }
}
