import type { Address, Hex } from 'viem';
import type { Database } from '../db/database';
import { recordDetailsHash, type RecordDetails } from './hashes';

/** Where a record's details came from, kept beside them. */
export interface RecordOrigin {
  chainId: number;
  tokenId: bigint;
  dealer: Address;
  transactionHash: Hex;
}

/**
 * Service records' off-chain details under the record hash the passport certifies (keccak256 of
 * their canonical JSON). Routes write them only once the record is on chain and show them only
 * to the car's owner and dealers.
 */
export class PassportDetailsStore {
  constructor(private readonly db: Database) {}

  /** Keeps `details` under their hash (idempotent; the first origin is kept) and returns the hash. */
  async save(details: RecordDetails, origin?: RecordOrigin): Promise<Hex> {
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
