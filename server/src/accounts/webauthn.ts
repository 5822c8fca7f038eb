import { createHash, createPublicKey, verify } from 'node:crypto';
import { bytesToHex, type Hex, hexToBytes } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import { base64UrlEncode, type PasskeyAssertion, type PasskeyPublicKey } from '../../../protocol/src/passkey-signature';
import { decodeCbor } from './cbor';

/** Why a passkey's registration or assertion was refused; stable codes the page can branch on. */
export type PasskeyFailure =
  | 'malformed'
  | 'type'
  | 'origin'
  | 'rp-id'
  | 'challenge'
  | 'user-presence'
  | 'user-verification'
  | 'algorithm'
  | 'signature'
  | 'replayed'
  | 'unknown-credential'
  | 'not-your-passkey';

/** A refused passkey ceremony: 401 (400 for malformed data) with a reason and what to do. */
export class PasskeyError extends MarqueError {
  override name = 'PasskeyError';
  declare readonly reason: PasskeyFailure;
  constructor(reason: PasskeyFailure, message: string, details?: string) {
    super('passkeys', message, { reason, status: reason === 'malformed' ? 400 : 401, details });
  }
}

/** A registration as `navigator.credentials.create()` answers it. */
export interface PasskeyRegistration {
  clientDataJSON: string;
  /** CBOR attestation object. */
  attestationObject: Hex;
}

/** What a verified registration gives. */
export interface RegisteredPasskey {
  /** base64url credential id. */
  credentialId: string;
  publicKey: PasskeyPublicKey;
  counter: number;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

/**
 * The server's side of WebAuthn for one relying party: the host of `PUBLIC_URL`. A passkey made for
 * another site (its authenticator data hashes another RP id), client data from another origin, a
 * ceremony of the wrong type or for another challenge, or a signature the key did not make, are each
 * refused with their own reason, before anything reaches the chain (whose verification checks
 * neither the site nor the origin).
 */
export class RelyingParty {
  readonly rpId: string;
  readonly origin: string;
  private readonly rpIdHash: Hex;

  /** @param publicUrl The origin visitors open (`PUBLIC_URL`); its host name is the RP id. */
  constructor(publicUrl: string) {
    const url = new URL(publicUrl);
    this.rpId = url.hostname;
    this.origin = url.origin;
    this.rpIdHash = bytesToHex(sha256(new TextEncoder().encode(this.rpId)));
  }

  /**
   * Checks a registration that answered `challenge` (base64url) and returns its credential.
   * Attestation statements are not checked (the page asks for `none`): the key is trusted as the
   * authenticator's because it signs the assertions that follow.
   */
  verifyRegistration(registration: PasskeyRegistration, challenge: string): RegisteredPasskey {
    this.checkClientData(registration.clientDataJSON, 'webauthn.create', challenge);
    const attestation = decodeCbor(hexToBytes(registration.attestationObject)).value;
    const authData = attestation instanceof Map ? attestation.get('authData') : undefined;
    if (!(authData instanceof Uint8Array) || authData.length < 55) {
      throw new PasskeyError('malformed', 'the attestation object holds no authenticator data', 'send the attestationObject unchanged');
    }
    const flags = this.checkAuthenticatorData(authData);
    if (!(flags & FLAG_AT)) throw new PasskeyError('malformed', 'the registration carries no credential', 'create the passkey again');
    const idLength = (authData[53]! << 8) | authData[54]!;
    if (55 + idLength > authData.length) throw new PasskeyError('malformed', 'the credential id runs past the authenticator data');
    const credentialId = base64UrlEncode(authData.subarray(55, 55 + idLength));
    const key = decodeCbor(authData, 55 + idLength).value;
    if (!(key instanceof Map) || key.get(1) !== 2 || key.get(3) !== -7 || key.get(-1) !== 1) {
      throw new PasskeyError('algorithm', 'the passkey is not an ES256 (P-256) key', 'create the passkey with algorithm -7 (ES256)');
    }
    const x = key.get(-2);
    const y = key.get(-3);
    if (!(x instanceof Uint8Array) || !(y instanceof Uint8Array) || x.length !== 32 || y.length !== 32) {
      throw new PasskeyError('malformed', 'the passkey\'s public key is not a P-256 point');
    }
    return { credentialId, publicKey: { qx: bytesToHex(x), qy: bytesToHex(y) }, counter: counterOf(authData) };
  }

  /**
   * Checks an assertion over `challenge` (base64url) by `publicKey`, whose last signature counter
   * was `lastCounter`.
   * @returns the assertion's counter, to store.
   * @throws PasskeyError; `replayed` when the counter did not move past `lastCounter` (a copied
   * passkey or a replayed assertion; authenticators that keep no counter always send 0).
   */
  verifyAssertion(assertion: PasskeyAssertion, challenge: string, publicKey: PasskeyPublicKey, lastCounter: number): number {
    this.checkClientData(assertion.clientDataJSON, 'webauthn.get', challenge);
    const authData = hexToBytes(assertion.authenticatorData);
    this.checkAuthenticatorData(authData);
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: Buffer.from(hexToBytes(publicKey.qx)).toString('base64url'),
      y: Buffer.from(hexToBytes(publicKey.qy)).toString('base64url'),
    };
    const signed = Buffer.concat([authData, sha256(new TextEncoder().encode(assertion.clientDataJSON))]);
    let valid = false;
    try {
      valid = verify('sha256', signed, createPublicKey({ key: jwk, format: 'jwk' }), hexToBytes(assertion.signature));
    } catch {
      valid = false;
    }
    if (!valid) throw new PasskeyError('signature', 'the passkey\'s signature does not verify', 'sign again with the same passkey');
    const counter = counterOf(authData);
    if ((counter !== 0 || lastCounter !== 0) && counter <= lastCounter) {
      throw new PasskeyError('replayed', `this assertion was already used (counter ${counter}, last seen ${lastCounter})`, 'sign again: each assertion works once');
    }
    return counter;
  }

  private checkClientData(json: string, type: string, challenge: string) {
    let data: { type?: unknown; challenge?: unknown; origin?: unknown; crossOrigin?: unknown };
    try {
      data = JSON.parse(json);
    } catch {
      throw new PasskeyError('malformed', 'the client data is not JSON', 'send clientDataJSON exactly as the browser returned it');
    }
    if (data.type !== type) throw new PasskeyError('type', `the ceremony is ${String(data.type)}, not ${type}`, 'use the passkey for what this page asks');
    if (data.origin !== this.origin || data.crossOrigin === true) {
      throw new PasskeyError('origin', `the passkey was used on ${String(data.origin)}, not ${this.origin}`, `use it on ${this.origin}`);
    }
    if (data.challenge !== challenge) {
      throw new PasskeyError('challenge', 'the passkey signed another challenge than the one this request is for', 'ask for a new challenge and sign again');
    }
  }

  /** Checks the RP id hash and the presence and verification flags; returns the flags. */
  private checkAuthenticatorData(authData: Uint8Array): number {
    if (authData.length < 37) throw new PasskeyError('malformed', 'the authenticator data is shorter than 37 bytes');
    if (bytesToHex(authData.subarray(0, 32)) !== this.rpIdHash) {
      throw new PasskeyError('rp-id', `the passkey was made for another site, not ${this.rpId}`, `use a passkey made for ${this.rpId}`);
    }
    const flags = authData[32]!;
    if (!(flags & FLAG_UP)) throw new PasskeyError('user-presence', 'the authenticator did not confirm a person was present', 'touch or look at your device');
    if (!(flags & FLAG_UV)) {
      throw new PasskeyError('user-verification', 'the authenticator did not verify the person (PIN, fingerprint or face)', 'unlock with your PIN, fingerprint or face');
    }
    return flags;
  }
}

function counterOf(authData: Uint8Array): number {
  return ((authData[33]! << 24) >>> 0) + (authData[34]! << 16) + (authData[35]! << 8) + authData[36]!;
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
