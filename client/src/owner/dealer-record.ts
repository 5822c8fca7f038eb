import type { Address } from 'viem';
import { readContract, signTypedData } from 'wagmi/actions';
import { marquePassportAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import { passportDomain, SERVICE_RECORD_TYPES } from '../../../protocol/src/contracts/contract-types';
import type { RelayedRecord, SignedServiceRecord } from '../../../protocol/src/twin-api';
import { recordDetailsHash, type RecordDetails } from '../../../protocol/src/twin-hashes';
import { connectorFor } from '../wallet/connector-for';
import { wagmiConfigFor } from '../wallet/wagmi-config';
import type { WorldInfo } from '../wallet/world-info';
import { relayServiceRecord } from './twin-client';

/** How long a signed record may wait to be relayed, seconds. */
const RELAY_WINDOW_S = 3600;

/** What a dealer files in the console. */
export interface DealerRecordRequest {
  world: WorldInfo;
  /** The signed-in dealer's wallet: it signs. */
  dealer: Address;
  tokenId: string;
  /** `SERVICE_KINDS` number. */
  kind: number;
  mileage: number;
  details: RecordDetails;
  onPhase?: (phase: 'wallet' | 'relaying') => void;
}

/**
 * A dealer's service record, start to end: the details hashed (`recordDetailsHash`, the hash the
 * server checks), the dealer's next nonce read from MarquePassport, an hour to relay it; the
 * EIP-712 `ServiceRecord` signed in the dealer's wallet through wagmi, then sent to
 * `POST /api/passport/records`, which checks it again and relays it. Rejects with the wallet's or
 * the server's reason.
 */
export async function fileServiceRecord({ world, dealer, tokenId, kind, mileage, details, onPhase }: DealerRecordRequest): Promise<RelayedRecord> {
  const passport = world.passportAddress;
  if (!passport) throw new MarqueError('passport', 'This server has no passport contract configured: records cannot be filed.', { status: 503, reason: 'no-passport' });
  const config = wagmiConfigFor(world);
  const connector = await connectorFor(config, world, dealer);
  const nonce = await readContract(config, { address: passport, abi: marquePassportAbi, functionName: 'nonces', args: [dealer], chainId: world.chainId });
  const record = {
    tokenId: BigInt(tokenId),
    kind,
    mileage,
    recordHash: recordDetailsHash(details),
    dealer,
    nonce,
    deadline: BigInt(Math.floor(Date.now() / 1000) + RELAY_WINDOW_S),
  };
  onPhase?.('wallet');
  const signature = await signTypedData(config, {
    account: dealer,
    connector,
    domain: passportDomain(world.chainId, passport),
    types: SERVICE_RECORD_TYPES,
    primaryType: 'ServiceRecord',
    message: record,
  });
  onPhase?.('relaying');
  const signed: SignedServiceRecord = {
    record: { ...record, tokenId: record.tokenId.toString(), nonce: nonce.toString(), deadline: record.deadline.toString() },
    signature,
    details,
  };
  return relayServiceRecord(signed);
}
