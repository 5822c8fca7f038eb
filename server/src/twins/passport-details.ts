import type { Address, Hex } from 'viem';
import type { Database } from '../db/database';
import { recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';

/** Where a record's details came from, kept beside them. */
export interface RecordOrigin {
  chainId: number;
  tokenId: bigint;
  dealer: Address;
  transactionHash: Hex;
}

/**
 * Service records' off-chain details under the record hash the passport certifies (keccak256 of
 * their canonical JSON). The relay route stores them pending (no transaction yet) before it sends
 * the record, then confirms them with its transaction; either way they are shown only for records
 * the chain certifies, and only to the car's owner and dealers.
 */
export class PassportDetailsStore {
  constructor(private readonly db: Database) {}

  /** Keeps `details` under their hash (idempotent; the first origin is kept) and returns the hash. */
  async save(details: RecordDetails, origin?: Omit<RecordOrigin, 'transactionHash'> & { transactionHash?: Hex }): Promise<Hex> {
    const hash = recordDetailsHash(details);
    await this.db.query(
      `insert into passport_record_details (record_hash, details, chain_id, token_id, dealer, transaction_hash)
       values ($1, $2, $3, $4, $5, $6) on conflict (record_hash) do nothing`,
      [
        hash,
        JSON.stringify(details),
        origin?.chainId ?? null,
        origin?.tokenId.toString() ?? null,
        origin?.dealer.toLowerCase() ?? null,
        origin?.transactionHash ?? null,
      ],
    );
    return hash;
  }

  /**
   * Keeps `details` before their record is relayed, without a transaction (idempotent: details
   * already kept stay as they are). Relaying after this cannot lose them.
   */
  savePending(details: RecordDetails, origin: Omit<RecordOrigin, 'transactionHash'>): Promise<Hex> {
    return this.save(details, { ...origin, transactionHash: undefined });
  }

  /**
   * Records the transaction that put `recordHash` on chain beside details kept pending. The details
   * are already safe: a failure here is logged and tried again a few times, never thrown.
   */
  async confirm(recordHash: Hex, transactionHash: Hex, attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.query('update passport_record_details set transaction_hash = $2 where record_hash = $1 and transaction_hash is null', [
          recordHash.toLowerCase(),
          transactionHash,
        ]);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          console.error(`passport: record ${recordHash} is on chain (${transactionHash}) and its details are kept, but its transaction could not be noted beside them`, error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** The details of each known record hash. */
  async detailsOf(hashes: readonly string[]): Promise<Map<string, RecordDetails>> {
    const wanted = [...new Set(hashes.map((h) => h.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.db.query<{ record_hash: string; details: RecordDetails | string }>(
      'select record_hash, details from passport_record_details where record_hash = any($1::text[])',
      [wanted],
    );
    return new Map(rows.map((r) => [r.record_hash, typeof r.details === 'string' ? JSON.parse(r.details) : r.details]));
  }
}
