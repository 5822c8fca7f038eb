import { createPublicClient, createWalletClient, http, type Address } from 'viem';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import { passportDomain, SERVICE_KINDS, SERVICE_RECORD_TYPES } from '../../../protocol/src/contracts/contract-types';
import type { SignedServiceRecord } from '../../../protocol/src/twin-api';
import { recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import type { TestWorld } from './test-world';

/** Reads of the test world's passport that tests check refusals against. */
export function passportReads(world: TestWorld) {
  const client = createPublicClient({ transport: http(world.chain.rpcUrl) });
  const address = world.deployment.contracts.passport.address;
  return {
    nonceOf: (account: Address) => client.readContract({ address, abi: marquePassportAbi, functionName: 'nonces', args: [account] }),
    recordCount: (tokenId: bigint) => client.readContract({ address, abi: marquePassportAbi, functionName: 'recordCountOf', args: [tokenId] }),
  };
}

/**
 * A service record as a dealer's console builds it: the details hashed, the dealer's next nonce
 * (unless given), an hour to relay it; signed as EIP-712 typed data by `signer` (the dealer by
 * default) with one of the test chain's unlocked accounts.
 */
export async function signServiceRecord(
  world: TestWorld,
  options: {
    tokenId: bigint;
    mileage: number;
    details: RecordDetails;
    dealer: Address;
    signer?: Address;
    kind?: number;
    nonce?: bigint;
    deadline?: bigint;
  },
): Promise<SignedServiceRecord> {
  const record = {
    tokenId: options.tokenId,
    kind: options.kind ?? SERVICE_KINDS.service,
    mileage: options.mileage,
    recordHash: recordDetailsHash(options.details),
    dealer: options.dealer,
    nonce: options.nonce ?? (await passportReads(world).nonceOf(options.dealer)),
    deadline: options.deadline ?? BigInt(Math.floor(Date.now() / 1000) + 3600),
  };
  const signature = await createWalletClient({ transport: http(world.chain.rpcUrl) }).signTypedData({
    account: options.signer ?? options.dealer,
    domain: passportDomain(world.chain.chainId, world.deployment.contracts.passport.address),
    types: SERVICE_RECORD_TYPES,
    primaryType: 'ServiceRecord',
    message: record,
  });
  return {
    record: { ...record, tokenId: record.tokenId.toString(), nonce: record.nonce.toString(), deadline: record.deadline.toString() },
    signature,
    details: options.details,
  };
}
