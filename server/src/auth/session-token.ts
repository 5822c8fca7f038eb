import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { getAddress, isAddress, type Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';

const ISSUER = 'marque';
const AUDIENCE = 'marque-world';

/** An invitation scope a session carries, until its invitation expires. */
export interface ScopeGrant {
  /** The zone or event it opens, as access rules name it (`lounge`, `event:42`). */
  scope: string;
  expiresAt: Date;
}

/** A verified session: a wallet that signed in, or an invited guest; what it was invited to; until when. */
export interface Session {
  /** The wallet, for a session from sign-in; absent for an invited guest. */
  address?: Address;
  /** `wallet:<address>` or `guest:<id>`: what the session stands for. */
  subject: SessionSubject;
  /** Invitation scopes (zones, events) the session carries now: those whose invitation has not expired. */
  scopes: string[];
  /** The same scopes with their invitations' expiry. */
  grants: ScopeGrant[];
  /** When this token expires (a refresh gives a new one). */
  expiresAt: Date;
  /** When the session ends whatever the refreshes: its start plus `SESSION_MAX_AGE_SECONDS`. */
  endsAt: Date;
}

/** Who a session is for: a wallet, or a guest who redeemed an invitation. */
export type SessionSubject = `wallet:${Address}` | `guest:${string}`;

/** A freshly issued token. */
export interface IssuedSession {
  token: string;
  expiresAt: Date;
  endsAt: Date;
  /** The scopes it carries (unexpired). */
  scopes: string[];
}

/**
 * Short-lived session tokens (JWT, HS256) issued after a successful sign-in and
 * presented when joining a room. Several server processes share them through
 * `SESSION_SECRET`. A session has an absolute end (`maxAgeSeconds` after it began) that
 * refreshing never moves, and each invitation scope it carries lapses with its invitation.
 */
export class SessionTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = 900,
    private readonly maxAgeSeconds = 43_200,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /**
   * Issues a token for a wallet (after sign-in) or a guest (after redeeming an invitation),
   * carrying the invitation scopes it has: grants with their invitation's expiry, or bare scope
   * names, which last as long as the session. A new session ends `maxAgeSeconds` from `now`
   * unless `endsAt` (an existing session's end) is given.
   * @throws MarqueError 401 `session-expired` when `endsAt` has passed.
   */
  async issue(
    subject: Address | SessionSubject,
    options: { now?: Date; scopes?: readonly (string | ScopeGrant)[]; endsAt?: Date } = {},
  ): Promise<IssuedSession> {
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const end = options.endsAt ? Math.floor(options.endsAt.getTime() / 1000) : iat + this.maxAgeSeconds;
    if (end <= iat) throw sessionOver(this.maxAgeSeconds);
    const exp = Math.min(iat + this.ttlSeconds, end);
    const grants = mergeGrants(
      (options.scopes ?? []).map((s) => (typeof s === 'string' ? { scope: s, exp: end } : { scope: s.scope, exp: Math.floor(s.expiresAt.getTime() / 1000) })),
    ).filter((g) => g.exp > iat);
    const sub = subject.startsWith('0x') ? `wallet:${getAddress(subject)}` : subject;
    const token = await new SignJWT({ scopes: grants.map((g) => g.scope), scopeExp: grants.map((g) => g.exp), end })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000), endsAt: new Date(end * 1000), scopes: grants.map((g) => g.scope) };
  }

  /**
   * A fresh token for the same session (`add`: more grants, e.g. an invitation just redeemed),
   * never past the session's end, without the scopes whose invitation expired.
   * @throws MarqueError 401 `session-expired` once the session reached its maximum age.
   */
  refresh(session: Session, options: { now?: Date; add?: readonly ScopeGrant[] } = {}): Promise<IssuedSession> {
    return this.issue(session.subject, { now: options.now, scopes: [...session.grants, ...(options.add ?? [])], endsAt: session.endsAt });
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
      const exp = payload.exp ?? 0;
      // A token without `end` (issued before sessions had one) ends when it expires.
      const end = typeof payload.end === 'number' ? payload.end : exp;
      const names = Array.isArray(payload.scopes) ? payload.scopes : [];
      const expiries = Array.isArray(payload.scopeExp) ? payload.scopeExp : [];
      const nowSeconds = now.getTime() / 1000;
      const grants = names
        .map((scope, i) => ({ scope, exp: typeof expiries[i] === 'number' ? (expiries[i] as number) : end }))
        .filter((g): g is { scope: string; exp: number } => typeof g.scope === 'string' && g.exp > nowSeconds)
        .map((g) => ({ scope: g.scope, expiresAt: new Date(g.exp * 1000) }));
      return {
        subject,
        address: subject.startsWith('wallet:') ? (subject.slice(7) as Address) : undefined,
        scopes: grants.map((g) => g.scope),
        grants,
        expiresAt: new Date(exp * 1000),
        endsAt: new Date(end * 1000),
      };
    } catch (cause) {
      if (cause instanceof joseErrors.JWTExpired) {
        throw new MarqueError('auth', 'your session has expired; sign in again', {
          status: 401,
          reason: 'session-expired',
          cause,
        });
      }
      throw new MarqueError('auth', 'the session token is not valid; sign in again', {
        status: 401,
        reason: 'session-invalid',
        cause,
      });
    }
  }
}

function sessionOver(maxAgeSeconds: number): MarqueError {
  const hours = +(maxAgeSeconds / 3600).toFixed(2);
  return new MarqueError('auth', `your session reached its limit of ${hours} h; sign in again`, {
    status: 401,
    reason: 'session-expired',
    details: 'a session can be refreshed only until SESSION_MAX_AGE_SECONDS after it began',
  });
}

/** One grant per scope: the latest expiry wins. */
function mergeGrants(grants: { scope: string; exp: number }[]): { scope: string; exp: number }[] {
  const byScope = new Map<string, number>();
  for (const g of grants) byScope.set(g.scope, Math.max(byScope.get(g.scope) ?? 0, g.exp));
  return [...byScope].map(([scope, exp]) => ({ scope, exp }));
}

function parseSubject(sub: string | undefined): SessionSubject {
  if (sub?.startsWith('wallet:') && isAddress(sub.slice(7))) return `wallet:${getAddress(sub.slice(7))}`;
  if (sub?.startsWith('guest:') && sub.length > 6) return sub as SessionSubject;
  throw new MarqueError('auth', 'the session\'s subject is neither a wallet nor a guest; sign in again', { status: 401, reason: 'session-invalid' });
}
