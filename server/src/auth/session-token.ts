import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { getAddress, isAddress, type Address } from 'viem';
import { MarqueError } from '../errors';

const ISSUER = 'marque';
const AUDIENCE = 'marque-world';

/** A verified session: who signed in, and until when. */
export interface Session {
  address: Address;
  expiresAt: Date;
}

/**
 * Short-lived session tokens (JWT, HS256) issued after a successful sign-in and
 * presented when joining a room. Several server processes share them through
 * `SESSION_SECRET`.
 */
export class SessionTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = 900,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(address: Address, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(address)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** @throws MarqueError (401, `session-expired` or `session-invalid`). */
  async verify(token: string, now = new Date()): Promise<Session> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (!payload.sub || !isAddress(payload.sub)) throw new Error('subject is not an address');
      return { address: getAddress(payload.sub), expiresAt: new Date((payload.exp ?? 0) * 1000) };
    } catch (cause) {
      if (cause instanceof joseErrors.JWTExpired) {
        throw new MarqueError('auth: your session has expired; sign in again', {
          status: 401,
          reason: 'session-expired',
          cause,
        });
      }
      throw new MarqueError('auth: the session token is not valid; sign in again', {
        status: 401,
        reason: 'session-invalid',
        cause,
      });
    }
  }
}
