import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { getAddress, isAddress, type Address } from 'viem';
import { MarqueError } from '../errors';

const ISSUER = 'marque';
const AUDIENCE = 'marque-world';

/** A verified session: a wallet that signed in, or an invited guest; what it was invited to; until when. */
export interface Session {
  /** The wallet, for a session from sign-in; absent for an invited guest. */
  address?: Address;
  /** `wallet:<address>` or `guest:<id>`: what the session stands for. */
  subject: SessionSubject;
  /** Invitation scopes (zones, events) the session carries. */
  scopes: string[];
  expiresAt: Date;
}

/** Who a session is for: a wallet, or a guest who redeemed an invitation. */
export type SessionSubject = `wallet:${Address}` | `guest:${string}`;

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

  /**
   * Issues a token for a wallet (after sign-in) or a guest (after redeeming an invitation),
   * carrying the invitation scopes it has.
   */
  async issue(
    subject: Address | SessionSubject,
    options: { now?: Date; scopes?: readonly string[] } = {},
  ): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const sub = subject.startsWith('0x') ? `wallet:${getAddress(subject)}` : subject;
    const token = await new SignJWT({ scopes: [...(options.scopes ?? [])] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
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
      const subject = parseSubject(payload.sub);
      const scopes = Array.isArray(payload.scopes) ? payload.scopes.filter((s): s is string => typeof s === 'string') : [];
      return {
        subject,
        address: subject.startsWith('wallet:') ? (subject.slice(7) as Address) : undefined,
        scopes,
        expiresAt: new Date((payload.exp ?? 0) * 1000),
      };
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

function parseSubject(sub: string | undefined): SessionSubject {
  if (sub?.startsWith('wallet:') && isAddress(sub.slice(7))) return `wallet:${getAddress(sub.slice(7))}`;
  if (sub?.startsWith('guest:') && sub.length > 6) return sub as SessionSubject;
  throw new Error('the subject is neither a wallet nor a guest');
}
