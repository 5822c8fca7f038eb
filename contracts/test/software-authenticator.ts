import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { bytesToHex, concat, type Hex, hexToBytes, toHex } from 'viem';
import {
  base64UrlEncode,
  challengeOf,
  type PasskeyAssertion,
  type PasskeyPublicKey,
} from '../../protocol/src/passkey-signature';

/**
 * A WebAuthn authenticator in software, for tests and the gas report: a P-256 key, attestations
 * (`navigator.credentials.create`) and assertions (`get`) byte for byte as a browser returns them,
 * with knobs to forge what a hostile client would send (another site, another type, a stale counter).
 */
export class SoftwareAuthenticator {
  readonly publicKey: PasskeyPublicKey;
  readonly credentialId: Uint8Array;
  private readonly privateKey: KeyObject;
  private counter = 0;

  constructor(
    /** The relying party the passkey is made for (a host name). */
    readonly rpId = 'localhost',
    /** The page's origin the browser writes into client data. */
    readonly origin = 'http://localhost:5173',
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKey = { qx: bytesToHex(Buffer.from(jwk.x!, 'base64url')), qy: bytesToHex(Buffer.from(jwk.y!, 'base64url')) };
    this.credentialId = new Uint8Array(randomBytes(16));
  }

  /** The credential id as WebAuthn's JSON writes it. */
  get id(): string {
    return base64UrlEncode(this.credentialId);
  }

  /** An assertion over `digest` as the challenge (`navigator.credentials.get`). */
  assert(digest: Hex, forge: AssertionForgery = {}): PasskeyAssertion {
    return this.assertChallenge(challengeOf(digest), forge);
  }

  /** An assertion over a base64url challenge string. */
  assertChallenge(challenge: string, forge: AssertionForgery = {}): PasskeyAssertion {
    this.counter = forge.counter ?? this.counter + 1;
    const clientDataJSON = JSON.stringify({
      type: forge.type ?? 'webauthn.get',
      challenge,
      origin: forge.origin ?? this.origin,
      crossOrigin: false,
    });
    const authenticatorData = this.authenticatorData(forge.rpId ?? this.rpId, forge.flags ?? 0x05, this.counter);
    const signed = concat([authenticatorData, bytesToHex(sha256(Buffer.from(clientDataJSON)))]);
    const signature = bytesToHex(sign('sha256', hexToBytes(signed), this.privateKey));
    return { authenticatorData, clientDataJSON, signature };
  }

  /** A plain ES256 (SHA-256, P-256) DER signature of `message`, no WebAuthn framing: for measuring P-256 verification alone. */
  signBytes(message: Uint8Array): Hex {
    return bytesToHex(sign('sha256', message, this.privateKey));
  }

  /** A registration (`navigator.credentials.create`) answering `challenge`, with attestation "none". */
  attest(challenge: string, forge: { rpId?: string; origin?: string } = {}): { clientDataJSON: string; attestationObject: Hex } {
    const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge, origin: forge.origin ?? this.origin, crossOrigin: false });
    const coseKey = cborMap([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, hexToBytes(this.publicKey.qx)],
      [-3, hexToBytes(this.publicKey.qy)],
    ]);
    const attested = concat([
      toHex(new Uint8Array(16)),
      toHex(this.credentialId.length, { size: 2 }),
      bytesToHex(this.credentialId),
      bytesToHex(coseKey),
    ]);
    const authData = concat([this.authenticatorData(forge.rpId ?? this.rpId, 0x45, 0), attested]);
    const attestationObject = cborMap([
      ['fmt', 'none'],
      ['attStmt', cborMap([])],
      ['authData', hexToBytes(authData)],
    ]);
    return { clientDataJSON, attestationObject: bytesToHex(attestationObject) };
  }

  private authenticatorData(rpId: string, flags: number, counter: number): Hex {
    return concat([bytesToHex(sha256(Buffer.from(rpId))), toHex(flags, { size: 1 }), toHex(counter, { size: 4 })]);
  }
}

/** What a test may change in an assertion. */
export interface AssertionForgery {
  rpId?: string;
  origin?: string;
  type?: string;
  /** Authenticator data flags (bit 0 user present, bit 2 user verified); 0x05 by default. */
  flags?: number;
  /** Signature counter; one more than the last by default. */
  counter?: number;
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

type CborValue = number | string | Uint8Array | CborEncoded;
interface CborEncoded {
  cbor: Uint8Array;
}

function cborHead(major: number, length: number): Uint8Array {
  if (length < 24) return Uint8Array.of((major << 5) | length);
  if (length < 256) return Uint8Array.of((major << 5) | 24, length);
  return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff);
}

function cborItem(value: CborValue): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value);
    return Uint8Array.from([...cborHead(3, bytes.length), ...bytes]);
  }
  if ('cbor' in value) return value.cbor;
  return Uint8Array.from([...cborHead(2, value.length), ...value]);
}

/** A CBOR map of small integers, strings, byte strings and nested maps (enough for attestations). */
function cborMap(entries: Array<[number | string, CborValue | Uint8Array]>): Uint8Array & CborEncoded {
  const bytes = Uint8Array.from([
    ...cborHead(5, entries.length),
    ...entries.flatMap(([key, value]) => [...cborItem(key), ...cborItem(value as CborValue)]),
  ]);
  return Object.assign(bytes, { cbor: bytes });
}
