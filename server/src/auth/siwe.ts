import { getAddress, type Address, type Hex } from 'viem';
import { generateSiweNonce, parseSiweMessage } from 'viem/siwe';
import type { Database } from '../db/database';
import { MarqueError } from '../../../protocol/src/errors';

/** Why a sign-in was refused; stable codes the client can branch on. */
export type SignInFailure =
  | 'malformed'
  | 'domain'
  | 'uri'
  | 'chain-id'
  | 'expired'
  | 'not-yet-valid'
  | 'nonce-unknown'
  | 'nonce-used'
  | 'nonce-expired'
  | 'signature';

/** A refused sign-in: HTTP 401 with a reason code and a message a person can act on. */
export class SignInError extends MarqueError {
  override name = 'SignInError';
  declare readonly reason: SignInFailure;
  constructor(reason: SignInFailure, message: string, details?: string) {
    super('auth', message, { reason, status: 401, details });
  }
}

/** Checks a signature over a message for an address; production uses the chain (EOA, ERC-1271, ERC-6492). */
export type SignatureVerifier = (args: { address: Address; message: string; signature: Hex }) => Promise<boolean>;

/** What the server expects of every SIWE message. */
export interface SiweOptions {
  /** The authority the client page is served from, e.g. `localhost:5173`. */
  domain: string;
  /** Origin the message's URI must be on, exactly, e.g. `http://localhost:5173`. */
  origin: string;
  chainId: number;
  /** Oldest `issuedAt` accepted, in seconds. */
  maxAgeSeconds?: number;
  /** How long an issued nonce stays usable, in seconds. */
  nonceTtlSeconds?: number;
  /** Clock skew tolerated for `issuedAt` in the future, in seconds. */
  clockSkewSeconds?: number;
}

/** How often issuing a nonce also deletes the expired ones. */
export const NONCE_PURGE_INTERVAL_MS = 60_000;

/**
 * Whether `uri` is on exactly `origin` (scheme, host and port), compared as parsed URLs: a prefix
 * would let `http://localhost:51730/` or `http://localhost:5173@evil.example/` pass for
 * `http://localhost:5173`. A URI with user information is refused outright.
 */
export function sameOrigin(uri: string, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return parsed.origin === new URL(origin).origin;
}

export const SIWE_DEFAULTS = {
  maxAgeSeconds: 300,
  nonceTtlSeconds: 300,
  clockSkewSeconds: 30,
} satisfies Partial<SiweOptions>;

/**
 * Sign-In with Ethereum (EIP-4361) on the server: issues single-use nonces and
 * verifies signed messages, refusing each failure with its own reason.
 */
export class SiweService {
  private readonly options: Required<SiweOptions>;

  constructor(
    private readonly db: Database,
    private readonly verifySignature: SignatureVerifier,
    options: SiweOptions,
  ) {
    this.options = { ...SIWE_DEFAULTS, ...options };
  }

  /** When expired nonces were last deleted (ms). */
  private purgedAt = Number.NEGATIVE_INFINITY;

  /**
   * Issues a fresh nonce, stored so it can be used exactly once before it expires. Expired nonces
   * (used or not: a message that names one is refused either way) are deleted at most once every
   * {@link NONCE_PURGE_INTERVAL_MS}, so the table holds about one nonce lifetime's worth.
   */
  async issueNonce(now = new Date()): Promise<{ nonce: string; expiresAt: Date }> {
    if (now.getTime() - this.purgedAt >= NONCE_PURGE_INTERVAL_MS) {
      this.purgedAt = now.getTime();
      await this.db.query('delete from siwe_nonces where expires_at <= $1', [now]);
    }
    const nonce = generateSiweNonce();
    const expiresAt = new Date(now.getTime() + this.options.nonceTtlSeconds * 1000);
    await this.db.query('insert into siwe_nonces (nonce, issued_at, expires_at) values ($1, $2, $3)', [
      nonce,
      now,
      expiresAt,
    ]);
    return { nonce, expiresAt };
  }

  /**
   * Verifies a signed SIWE message and consumes its nonce.
   * @returns the signer's checksummed address.
   * @throws SignInError with the reason it was refused.
   */
  async verify(input: { message: string; signature: Hex }, now = new Date()): Promise<Address> {
    const { domain, origin, chainId, maxAgeSeconds, clockSkewSeconds } = this.options;
    const fields = parseSiweMessage(input.message);
    if (!fields.address || !fields.domain || !fields.uri || !fields.nonce || !fields.issuedAt || !fields.chainId) {
      throw new SignInError(
        'malformed',
        'the sign-in message is not a complete EIP-4361 message',
        'it needs domain, address, URI, version, chain ID, nonce and issued-at',
      );
    }
    if (fields.domain !== domain) {
      throw new SignInError('domain', `the message was made for ${fields.domain}, not ${domain}`, 'sign in from this site');
    }
    if (!sameOrigin(fields.uri, origin)) {
      throw new SignInError('uri', `the message's URI ${fields.uri} is not on ${origin}`, 'sign in from this site');
    }
    if (fields.chainId !== chainId) {
      throw new SignInError(
        'chain-id',
        `the message is for chain ${fields.chainId}, but this world runs on chain ${chainId}`,
        'switch your wallet to the right network and sign again',
      );
    }
    const ageMs = now.getTime() - fields.issuedAt.getTime();
    if (ageMs > maxAgeSeconds * 1000 || (fields.expirationTime && fields.expirationTime <= now)) {
      throw new SignInError('expired', 'the sign-in message has expired', 'request a new one and sign again');
    }
    if (ageMs < -clockSkewSeconds * 1000 || (fields.notBefore && fields.notBefore > now)) {
      throw new SignInError('not-yet-valid', 'the sign-in message is not valid yet', 'check your device clock');
    }

    const [stored] = await this.db.query<{ expires_at: Date; used_at: Date | null }>(
      'select expires_at, used_at from siwe_nonces where nonce = $1',
      [fields.nonce],
    );
    if (!stored) throw new SignInError('nonce-unknown', 'the nonce was not issued by this server', 'request a new one');
    if (stored.used_at) throw new SignInError('nonce-used', 'the nonce was already used', 'request a new one');
    if (new Date(stored.expires_at) <= now) {
      throw new SignInError('nonce-expired', 'the nonce has expired', 'request a new one and sign again');
    }

    const address = getAddress(fields.address);
    const valid = await this.verifySignature({ address, message: input.message, signature: input.signature }).catch(
      () => false,
    );
    if (!valid) {
      throw new SignInError('signature', `the signature does not match ${address}`, 'sign the message with that wallet');
    }

    // Consumed only on success, and atomically: of two racing requests one wins.
    const consumed = await this.db.query(
      'update siwe_nonces set used_at = $2 where nonce = $1 and used_at is null returning nonce',
      [fields.nonce, now],
    );
    if (consumed.length === 0) throw new SignInError('nonce-used', 'the nonce was already used', 'request a new one');

    await this.db.query(
      `insert into accounts (address, first_seen, last_seen) values ($1, $2, $2)
       on conflict (address) do update set last_seen = $2, sign_ins = accounts.sign_ins + 1`,
      [address, now],
    );
    return address;
  }
}
