import type { Address, Hex, TypedDataDomain } from 'viem';

/**
 * What the contracts define that TypeScript needs to speak to them: the EIP-712 types of the
 * messages they accept signed (for viem's `signTypedData` and `hashTypedData`; they must match the
 * contracts' type hashes, which the tests check), and the numbers of their enums.
 */

/** `MarquePassport`'s `ServiceRecord`, signed by a dealer. */
export const SERVICE_RECORD_TYPES = {
  ServiceRecord: [
    { name: 'tokenId', type: 'uint256' },
    { name: 'kind', type: 'uint8' },
    { name: 'mileage', type: 'uint32' },
    { name: 'recordHash', type: 'bytes32' },
    { name: 'dealer', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

/** `MarqueEventPass`'s `BadgeClaim`, signed by a brand-team account. */
export const BADGE_CLAIM_TYPES = {
  BadgeClaim: [
    { name: 'eventId', type: 'uint256' },
    { name: 'attendee', type: 'address' },
    { name: 'issuer', type: 'address' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const;

/** What `MarquePassport` stores of each record: `kind` numbers. */
export const SERVICE_KINDS = { service: 0, repair: 1, inspection: 2, bodywork: 3 } as const;

/** `MarqueTwin`'s production stages, as `stageOf` returns them. */
export const TWIN_STAGES = ['Ordered', 'BodyShop', 'Paint', 'Assembly', 'Quality', 'Delivered'] as const;

/** A service record as a dealer signs it (`MarquePassport.ServiceRecord`). */
export interface ServiceRecord {
  tokenId: bigint;
  /** {@link SERVICE_KINDS}: 0 service, 1 repair, 2 inspection, 3 bodywork. */
  kind: number;
  /** Odometer reading, km. */
  mileage: number;
  /** Hash of the full record the dealer keeps off chain. */
  recordHash: Hex;
  dealer: Address;
  /** The dealer's next nonce: `nonces(dealer)`. */
  nonce: bigint;
  /** Last block timestamp (seconds) at which the record may be relayed. */
  deadline: bigint;
}

/** A permission to claim an event's badge (`MarqueEventPass.BadgeClaim`). */
export interface BadgeClaim {
  eventId: bigint;
  attendee: Address;
  issuer: Address;
  /** Last block timestamp (seconds) at which the claim may be redeemed. */
  deadline: bigint;
}

/** EIP-712 domain of the `MarquePassport` at `verifyingContract` on chain `chainId`. */
export function passportDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return { name: 'Marque Passport', version: '1', chainId, verifyingContract };
}

/** EIP-712 domain of the `MarqueEventPass` at `verifyingContract` on chain `chainId`. */
export function eventPassDomain(chainId: number, verifyingContract: Address): TypedDataDomain {
  return { name: 'Marque Event Pass', version: '1', chainId, verifyingContract };
}
