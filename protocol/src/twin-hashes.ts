import { keccak256, stringToHex, type Hex } from 'viem';
import { canonicalJson, type ConfigurationCodes, type SignedServiceRecord } from './twin-api';

/** A service record's off-chain details: what the dealer filed beside the signed record. */
export type RecordDetails = SignedServiceRecord['details'];

/** keccak256 of the UTF-8 bytes of the value's canonical JSON (see `canonicalJson`). */
export function canonicalHash(value: unknown): Hex {
  return keccak256(stringToHex(canonicalJson(value)));
}

/**
 * The hash a twin is minted with (`MarqueTwin.mint`'s `configurationHash`): keccak256 of the
 * canonical JSON of its catalogue codes, e.g.
 * `{"caliper":"C-ROUGE","interior":"I-COGNAC","paint":"P-BLANC-NACRE","trim":"T-TITANE-BROSSE","wheel":"W-FORGED-21"}`.
 */
export function configurationHash(codes: ConfigurationCodes): Hex {
  return canonicalHash(codes);
}

/** A service record's `recordHash`: keccak256 of the canonical JSON of its details. */
export function recordDetailsHash(details: RecordDetails): Hex {
  return canonicalHash(details);
}
