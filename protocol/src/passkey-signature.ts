import {
  type Address,
  bytesToHex,
  concat,
  encodeAbiParameters,
  encodePacked,
  hashTypedData,
  type Hex,
  hexToBytes,
  keccak256,
  pad,
  toHex,
} from 'viem';
import { MarqueError } from './errors';

/**
 * How a passkey signs for a Marque passkey account (contracts/src/MarquePasskeyAccount.sol): the
 * digests it signs as its WebAuthn challenge, and the signature bytes the account verifies. Shared by
 * the page (which asks the authenticator), the server (which checks before it sponsors) and the tests.
 */

/** A passkey's P-256 public key, as the account stores it. */
export interface PasskeyPublicKey {
  qx: Hex;
  qy: Hex;
}

/** What `navigator.credentials.get()` answers, as bytes. */
export interface PasskeyAssertion {
  authenticatorData: Hex;
  /** The client data JSON, exactly as the authenticator's browser produced it. */
  clientDataJSON: string;
  /** The ASN.1 DER ECDSA signature WebAuthn returns. */
  signature: Hex;
}

/** One call of a signed batch (`MarquePasskeyAccount.Call`). */
export interface AccountCall {
  target: Address;
  value: bigint;
  data: Hex;
}

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const ACCOUNT_DOMAIN = { name: 'Marque Passkey Account', version: '1' } as const;

/** The challenge a passkey signs for the account's ERC-1271 `isValidSignature(hash, …)`. */
export function passkeyMessageDigest(account: Address, chainId: number, hash: Hex): Hex {
  return hashTypedData({
    domain: { ...ACCOUNT_DOMAIN, chainId, verifyingContract: account },
    types: { PasskeyMessage: [{ name: 'hash', type: 'bytes32' }] },
    primaryType: 'PasskeyMessage',
    message: { hash },
  });
}

/** The challenge a passkey signs to run `calls` as batch `nonce` of `account` before `deadline` (seconds). */
export function passkeyExecuteDigest(
  account: Address,
  chainId: number,
  calls: readonly AccountCall[],
  nonce: bigint,
  deadline: bigint,
): Hex {
  const hashes = calls.map((call) =>
    keccak256(
      encodeAbiParameters(
        [{ type: 'address' }, { type: 'uint256' }, { type: 'bytes32' }],
        [call.target, call.value, keccak256(call.data)],
      ),
    ),
  );
  const callsHash = keccak256(hashes.length ? encodePacked(hashes.map(() => 'bytes32'), hashes) : '0x');
  return hashTypedData({
    domain: { ...ACCOUNT_DOMAIN, chainId, verifyingContract: account },
    types: {
      Execute: [
        { name: 'callsHash', type: 'bytes32' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Execute',
    message: { callsHash, nonce, deadline },
  });
}

/** A digest as the base64url WebAuthn challenge the client data JSON carries. */
export function challengeOf(digest: Hex): string {
  return base64UrlEncode(hexToBytes(digest));
}

/**
 * The signature the account verifies: `qx ‖ qy ‖ abi.encode(WebAuthnAuth)`, with `s` made low
 * (P-256 signatures are malleable; the contract refuses the high form).
 * @throws MarqueError (`passkeys: …`) when the DER signature or the client data is malformed.
 */
export function encodePasskeySignature(key: PasskeyPublicKey, assertion: PasskeyAssertion): Hex {
  const { r, s } = parseDerSignature(assertion.signature);
  const challengeIndex = assertion.clientDataJSON.indexOf('"challenge":"');
  const typeIndex = assertion.clientDataJSON.indexOf('"type":"');
  if (challengeIndex < 0 || typeIndex < 0) {
    throw new MarqueError('passkeys', 'the client data names no challenge or no type', {
      details: 'pass the clientDataJSON exactly as the authenticator returned it',
    });
  }
  // Indexes count bytes of the UTF-8 JSON, and WebAuthn's JSON is ASCII up to these members.
  const auth = encodeAbiParameters(
    [
      { type: 'bytes32' },
      { type: 'bytes32' },
      { type: 'uint256' },
      { type: 'uint256' },
      { type: 'bytes' },
      { type: 'string' },
    ],
    [r, s, BigInt(challengeIndex), BigInt(typeIndex), assertion.authenticatorData, assertion.clientDataJSON],
  );
  return concat([pad(key.qx, { size: 32 }), pad(key.qy, { size: 32 }), auth]);
}

/**
 * `r` and low-`s` of an ASN.1 DER ECDSA signature (`SEQUENCE { INTEGER r, INTEGER s }`).
 * @throws MarqueError when it is not one.
 */
export function parseDerSignature(der: Hex): { r: Hex; s: Hex } {
  const bytes = hexToBytes(der);
  const fail = () =>
    new MarqueError('passkeys', 'the passkey signature is not an ASN.1 DER ECDSA signature', {
      details: 'send the assertion\'s signature bytes unchanged',
    });
  if (bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2) throw fail();
  let offset = 2;
  const integer = () => {
    if (bytes[offset] !== 0x02) throw fail();
    const length = bytes[offset + 1]!;
    if (length === 0 || length > 33 || offset + 2 + length > bytes.length) throw fail();
    const value = BigInt(bytesToHex(bytes.subarray(offset + 2, offset + 2 + length)));
    offset += 2 + length;
    return value;
  };
  const r = integer();
  let s = integer();
  if (offset !== bytes.length || r === 0n || r >= P256_N || s === 0n || s >= P256_N) throw fail();
  if (s > P256_N / 2n) s = P256_N - s;
  return { r: toHex(r, { size: 32 }), s: toHex(s, { size: 32 }) };
}

/** The P-256 key (`qx`, `qy`) at the end of an uncompressed SubjectPublicKeyInfo (what `getPublicKey()` returns). */
export function publicKeyFromSpki(spki: Hex): PasskeyPublicKey {
  const bytes = hexToBytes(spki);
  const point = bytes.subarray(bytes.length - 65);
  if (bytes.length < 65 || point[0] !== 0x04) {
    throw new MarqueError('passkeys', 'the public key is not an uncompressed P-256 key', {
      details: 'create the passkey with algorithm ES256 (-7)',
    });
  }
  return { qx: bytesToHex(point.subarray(1, 33)), qy: bytesToHex(point.subarray(33, 65)) };
}

/** RFC 4648 base64url without padding, as WebAuthn writes challenges and credential ids. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of a base64url (or base64) string. */
export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
