import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import type { Address } from 'viem';
import { z } from 'zod';
import type { Database } from '../db/database';
import { MarqueError } from '../../../protocol/src/errors';
import type { ScopeGrant } from './session-token';

const ISSUER = 'marque';
const AUDIENCE = 'marque-invite';

/** What the brand team asks for when issuing an invitation. */
export const inviteRequest = z.object({
  /** The zone or event it opens, as access rules name it (`lounge`, `event:42`). */
  scope: z.string().regex(/^[a-z0-9:-]{1,64}$/, 'lower-case letters, digits, ":" and "-" (e.g. lounge or event:42)'),
  maxUses: z.number().int().min(1).max(10_000),
  /** Hours until it expires. */
  validHours: z.number().min(0.1).max(24 * 90),
  note: z.string().max(200).default(''),
});
export type InviteRequest = z.infer<typeof inviteRequest>;

/** An issued invitation: the code to hand out and what it allows. */
export interface Invite {
  code: string;
  id: string;
  scope: string;
  maxUses: number;
  expiresAt: Date;
}

/**
 * Invitations for VIP guests who hold no crypto: a signed, expiring code (JWT) with a number
 * of uses counted in the database. Redeeming one consumes a use atomically, so a code for 10
 * guests admits exactly 10, even when they all arrive at once.
 */
export class InviteService {
  private readonly key: Uint8Array;

  constructor(
    private readonly db: Database,
    secret: string,
  ) {
    // A key of its own: an invitation code can never pass for a session token.
    this.key = new TextEncoder().encode(`invite:${secret}`);
  }

  async issue(request: InviteRequest, issuedBy: Address, now = new Date()): Promise<Invite> {
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + request.validHours * 3_600_000);
    await this.db.query(
      'insert into invites (id, scope, max_uses, expires_at, issued_by, note, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
      [id, request.scope, request.maxUses, expiresAt, issuedBy, request.note, now],
    );
    const code = await new SignJWT({ scope: request.scope })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti(id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { code, id, scope: request.scope, maxUses: request.maxUses, expiresAt };
  }

  /**
   * Checks a code and consumes one of its uses.
   * @returns the scope it opens, until the invitation expires (a session carries it no longer).
   * @throws MarqueError: 400 `invite-invalid`, 410 `invite-expired` or `invite-used-up`.
   */
  async redeem(code: string, now = new Date()): Promise<ScopeGrant> {
    let id: string;
    try {
      const { payload } = await jwtVerify(code, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], currentDate: now });
      if (!payload.jti) throw new MarqueError('invites', 'the invitation code carries no id');
      id = payload.jti;
    } catch (cause) {
      if (cause instanceof joseErrors.JWTExpired) {
        throw new MarqueError('invites', 'this invitation has expired; ask your host for a new one', { status: 410, reason: 'invite-expired', cause });
      }
      throw new MarqueError('invites', 'this is not a valid Marque invitation code; check the link you were given', {
        status: 400,
        reason: 'invite-invalid',
        cause,
      });
    }
    const [used] = await this.db.query<{ scope: string; expires_at: Date | string }>(
      'update invites set uses = uses + 1 where id = $1 and uses < max_uses and expires_at > $2 returning scope, expires_at',
      [id, now],
    );
    if (used) return { scope: used.scope, expiresAt: new Date(used.expires_at) };
    const [row] = await this.db.query<{ id: string }>('select id from invites where id = $1', [id]);
    if (!row) throw new MarqueError('invites', 'this invitation was withdrawn', { status: 410, reason: 'invite-invalid' });
    throw new MarqueError('invites', 'this invitation has been used as many times as it allows; ask your host for a new one', {
      status: 410,
      reason: 'invite-used-up',
    });
  }
}
