import { zeroAddress, type Address, type PublicClient } from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import type { VerifiedPassport } from '../../../protocol/src/journey-api';
import type { Database } from '../db/database';
import type { IndexedTwinDetail, IndexQueries } from '../indexer/index-queries';
import { twinIdentity } from '../twins/twin-views';

/** What the verification page needs beside the index: the chain and its contracts. */
export interface VerificationChain {
  client: PublicClient;
  chainId: number;
  twinAddress: Address;
  passportAddress?: Address;
}

/**
 * The certified history a verification link shows a prospective buyer: the car, its production
 * stages (when each happened, as the factory said where it did, else when the chain recorded it),
 * its delivery, how many owners it has had (from the chain's Transfer logs of the token) and every
 * passport record with its kind, date, mileage, the dealer's registered name and the hashes the page
 * checks against MarquePassport. No owner, no address, no record details, no price.
 */
export async function verifiedPassport(
  options: { db: Database; index: IndexQueries; chain: VerificationChain },
  twin: IndexedTwinDetail,
  linkExpiresAt: Date,
): Promise<VerifiedPassport> {
  const { db, index, chain } = options;
  const [records, owners, factoryDates] = await Promise.all([
    index.passport(twin.tokenId),
    ownerCount(chain, twin),
    db.query<{ stage: number; happened_at: Date | string }>('select stage, happened_at from stage_dates where chain_id = $1 and token_id = $2', [
      chain.chainId,
      twin.tokenId.toString(),
    ]),
  ]);
  const dealers = new Map(
    (
      await db.query<{ address: string; name: string; city: string }>('select address, name, city from dealers where address = any($1::text[])', [
        [...new Set(records.map((r) => r.dealer.toLowerCase()))],
      ])
    ).map((d) => [d.address, { name: d.name, city: d.city }]),
  );
  const booked = new Set(
    (
      await db.query<{ record_hash: string }>(
        `select record_hash from passport_record_details where record_hash = any($1::text[]) and details ? 'appointment'`,
        [records.map((r) => r.recordHash.toLowerCase())],
      )
    ).map((r) => r.record_hash),
  );
  const happened = new Map(factoryDates.map((d) => [d.stage, new Date(d.happened_at)]));
  const stages = twin.stages.map((s) => ({ stage: s.stageName, at: (happened.get(s.stage) ?? s.at).toISOString() }));
  const delivered = twin.stages.find((s) => s.stageName === 'Delivered');
  return {
    ...twinIdentity(twin),
    stages,
    ...(delivered ? { deliveredAt: (happened.get(delivered.stage) ?? delivered.at).toISOString() } : {}),
    owners,
    records: records.map((r) => {
      const dealerName = dealers.get(r.dealer.toLowerCase());
      return {
        index: r.index,
        kind: r.kindName,
        mileage: r.mileage,
        at: r.at.toISOString(),
        ...(dealerName ? { dealerName } : {}),
        recordHash: r.recordHash,
        transactionHash: r.transactionHash,
        byAppointment: booked.has(r.recordHash.toLowerCase()),
      };
    }),
    proof: { chainId: chain.chainId, twinAddress: chain.twinAddress, ...(chain.passportAddress ? { passportAddress: chain.passportAddress } : {}) },
    linkExpiresAt: linkExpiresAt.toISOString(),
  };
}

/**
 * How many owners the car has had: each Transfer of the token to a new holder counts one, the mint
 * (from the zero address) being the first. Read from the chain's logs, from the block it was minted in.
 */
export async function ownerCount(chain: VerificationChain, twin: { tokenId: bigint; mintedBlock: bigint }): Promise<number> {
  const transfers = await chain.client.getContractEvents({
    address: chain.twinAddress,
    abi: marqueTwinAbi,
    eventName: 'Transfer',
    args: { tokenId: twin.tokenId },
    fromBlock: twin.mintedBlock,
    toBlock: 'latest',
    strict: true,
  });
  return transfers.filter((t) => t.args.to !== zeroAddress && t.args.to !== t.args.from).length;
}
