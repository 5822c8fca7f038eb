import type { AuditEntry } from '../../../protocol/src/operations-api';
import type { Database, Queryable } from '../db/database';

/** Who did what and when, with the chain transaction of each write (through its queue job). */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Records one action; `jobId` is the transaction queue's job of its chain write, if any. */
  async record(entry: { actor: string; action: string; subject: string; details?: Record<string, unknown>; jobId?: number }, tx: Queryable = this.db): Promise<void> {
    await tx.query('insert into audit_log (actor, action, subject, details, tx_job_id) values ($1, $2, $3, $4, $5)', [
      entry.actor,
      entry.action,
      entry.subject,
      JSON.stringify(entry.details ?? {}),
      entry.jobId ?? null,
    ]);
  }

  /** The newest entries first, with each write's transaction once it is mined. */
  async list(options: { limit?: number; before?: number } = {}): Promise<AuditEntry[]> {
    const rows = await this.db.query<{
      id: string | number;
      at: Date | string;
      actor: string;
      action: string;
      subject: string;
      details: Record<string, unknown> | string;
      tx_job_id: string | number | null;
      transaction_hash: string | null;
    }>(
      `select a.*, j.transaction_hash from audit_log a left join tx_jobs j on j.id = a.tx_job_id
       where ($1::bigint is null or a.id < $1) order by a.id desc limit $2`,
      [options.before ?? null, Math.min(options.limit ?? 100, 500)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
      ...(r.tx_job_id !== null ? { jobId: Number(r.tx_job_id) } : {}),
      ...(r.transaction_hash ? { transactionHash: r.transaction_hash } : {}),
    }));
  }
}
