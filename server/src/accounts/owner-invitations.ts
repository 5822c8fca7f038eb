import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Address, getAddress, type Hex } from 'viem';
import { marquePasskeyAccountFactoryAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import { base64UrlEncode } from '../../../protocol/src/passkey-signature';
import type { PasskeyAccounts } from './passkey-accounts';
import type { PasskeyRegistration } from './webauthn';

/** Signs the factory's `InvitationBinding` (the server's relayer key, the factory's `inviter`). */
export type InvitationSigner = (binding: { accountId: Hex; qx: Hex; qy: Hex; factory: Address; chainId: number }) => Promise<Hex>;

/** What {@link OwnerInvitations.create} takes. */
export interface OwnerInvitationRequest {
  /**
   * The order's reference in the order desk (opaque: no name, no e-mail; 1–64 letters, digits,
   * `.`, `_`, `:`, `-`). Every invitation of one order leads to the same account.
   */
  orderRef: string;
  /** Hours until the link expires (default 168, a week; at most 720). */
  validHours?: number;
}

/** An owner invitation, to hand to the buyer (the link, or its QR code). */
export interface OwnerInvitation {
  id: string;
  /** The secret part of the link; shown once, only its hash is kept. */
  code: string;
  /** `PUBLIC_URL/?owner-invitation=<code>`. */
  url: string;
  /** SVG of a QR code of `url`. */
  qrSvg: string;
  /** The account the order's twin is minted to: counterfactual until the invitation is accepted. */
  account: Address;
  expiresAt: Date;
}

const ORDER_REF = /^[A-Za-z0-9._:-]{1,64}$/;
const DEFAULT_VALID_HOURS = 168;

/**
 * Owner invitations: the order desk creates one when an order is confirmed and mints the twin to
 * its `account`; the buyer opens the link on any device and creates a passkey, which becomes the
 * account's only key. An invitation is single-use, expires, names no personal data, and a new
 * invitation for the same order withdraws the earlier ones (a lost or leaked link is replaced,
 * and the twin stays where it is: the account is the order's, not the link's).
 */
/** An invitation accepted: its order's account now answers to the passkey that accepted it. */
export interface InvitationAccepted {
  invitationId: string;
  orderRef: string;
  account: Address;
  acceptedAt: Date;
}

export class OwnerInvitations {
  private readonly acceptedListeners = new Set<(accepted: InvitationAccepted) => void>();

  constructor(
    private readonly accounts: PasskeyAccounts,
    private readonly signBinding: InvitationSigner,
    private readonly publicUrl: string,
  ) {}

  /**
   * Creates an invitation for order `orderRef` and returns the account to mint the twin to.
   * @throws MarqueError 400 `bad-order-ref`, 409 `already-accepted` (the order's owner already
   * has their account: mint to {@link OwnerInvitation.account} of the accepted one, from {@link accountOfOrder}).
   */
  async create(request: OwnerInvitationRequest, now = new Date()): Promise<OwnerInvitation> {
    const { orderRef } = request;
    const validHours = request.validHours ?? DEFAULT_VALID_HOURS;
    if (!ORDER_REF.test(orderRef)) {
      throw new MarqueError('invitations', 'the order reference must be 1–64 letters, digits, ".", "_", ":" or "-"', {
        status: 400,
        reason: 'bad-order-ref',
        details: 'pass the order desk\'s own reference, never a name or an e-mail address',
      });
    }
    if (!(validHours > 0 && validHours <= 720)) {
      throw new MarqueError('invitations', `an invitation is valid for 0–720 hours, not ${validHours}`, { status: 400, reason: 'bad-validity' });
    }
    const { db } = this.accounts.options;
    return db.transaction(async (tx) => {
      const previous = await tx.query<{ account_id: Hex; account: string; accepted_at: Date | null }>(
        'select account_id, account, accepted_at from owner_invitations where order_ref = $1 order by created_at',
        [orderRef],
      );
      if (previous.some((p) => p.accepted_at)) {
        throw new MarqueError('invitations', `the owner of order ${orderRef} already accepted an invitation`, {
          status: 409,
          reason: 'already-accepted',
          details: 'their twin is in their account; nothing needs to be sent',
        });
      }
      const accountId = previous[0]?.account_id ?? (`0x${randomBytes(32).toString('hex')}` as Hex);
      const account = previous[0]
        ? getAddress(previous[0].account)
        : await this.accounts.options.client.readContract({
            address: this.accounts.options.factory,
            abi: marquePasskeyAccountFactoryAbi,
            functionName: 'invitedAccountAddress',
            args: [accountId],
          });
      await tx.query('update owner_invitations set revoked_at = $2 where order_ref = $1 and revoked_at is null', [orderRef, now]);
      const id = randomUUID();
      const secret = base64UrlEncode(randomBytes(24));
      const expiresAt = new Date(now.getTime() + validHours * 3_600_000);
      await tx.query(
        `insert into owner_invitations (id, order_ref, account_id, account, secret_hash, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7)`,
        [id, orderRef, accountId, account.toLowerCase(), hashSecret(secret), now, expiresAt],
      );
      const code = `${id}.${secret}`;
      const url = `${new URL(this.publicUrl).origin}/?owner-invitation=${encodeURIComponent(code)}`;
      const { default: QRCode } = await import('qrcode');
      const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1 });
      return { id, code, url, qrSvg, account, expiresAt };
    });
  }

  /** The account of order `orderRef`'s invitations, or undefined when it has none. */
  async accountOfOrder(orderRef: string): Promise<Address | undefined> {
    const [row] = await this.accounts.options.db.query<{ account: string }>('select account from owner_invitations where order_ref = $1 limit 1', [orderRef]);
    return row ? getAddress(row.account) : undefined;
  }

  /**
   * What the invitation page shows before the passkey is created: whether the code is usable.
   * @throws as {@link accept} would for the code alone.
   */
  async check(code: string, now = new Date()): Promise<{ expiresAt: Date }> {
    const row = await this.usable(code, now);
    return { expiresAt: new Date(row.expires_at) };
  }

  /**
   * Accepts an invitation with a passkey just created for it: the passkey becomes the first and only
   * key of the order's account, which is deployed with the inviter's binding (sponsored).
   * @throws MarqueError 400 `invitation-invalid`, 410 `invitation-expired`, `invitation-used`,
   * `invitation-withdrawn`; the relying party's PasskeyErrors.
   */
  /** Calls `listener` after each acceptance is recorded (the operations' `invitation.accepted` webhook); returns the unsubscribe. */
  onAccepted(listener: (accepted: InvitationAccepted) => void): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  async accept(code: string, registration: PasskeyRegistration, challenge: string, now = new Date()): Promise<{ account: Address; credentialId: string }> {
    await this.usable(code, now);
    const passkey = this.accounts.relyingParty.verifyRegistration(registration, challenge);
    const { db, factory, chainId } = this.accounts.options;
    const id = code.split('.')[0]!;
    const { account, orderRef } = await db.transaction(async (tx) => {
      await this.accounts.consumeChallenge(tx, challenge, 'register', undefined, now);
      const [taken] = await tx.query<{ account: string; account_id: Hex; order_ref: string }>(
        `update owner_invitations set accepted_at = $2, credential_id = $3
         where id = $1 and accepted_at is null and revoked_at is null and expires_at > $2 returning account, account_id, order_ref`,
        [id, now, passkey.credentialId],
      );
      if (!taken) throw refusal('invitation-used', 'this invitation was accepted a moment ago');
      const binding = await this.signBinding({ accountId: taken.account_id, qx: passkey.publicKey.qx, qy: passkey.publicKey.qy, factory, chainId });
      const address = getAddress(taken.account);
      await tx.query(
        `insert into passkey_accounts (account, kind, account_id, qx, qy, binding, created_at) values ($1, 'invitation', $2, $3, $4, $5, $6)`,
        [address.toLowerCase(), taken.account_id, passkey.publicKey.qx, passkey.publicKey.qy, binding, now],
      );
      await this.accounts.insertCredential(tx, address, passkey, now);
      return { account: address, orderRef: taken.order_ref };
    });
    for (const listener of this.acceptedListeners) listener({ invitationId: id, orderRef, account, acceptedAt: now });
    // Recorded first, deployed second: should the deployment fail, the binding is kept and the
    // account is deployed with its first sponsored batch instead.
    await this.accounts.ensureDeployed(account).catch((error: Error) => {
      console.warn(`invitations: account ${account} accepted but not deployed yet (${error.message.split('\n')[0]}); its first sponsored batch deploys it`);
    });
    return { account, credentialId: passkey.credentialId };
  }

  private async usable(code: string, now: Date) {
    const [id, secret] = code.split('.');
    const [row] = id && secret
      ? await this.accounts.options.db.query<{ secret_hash: string; expires_at: Date; revoked_at: Date | null; accepted_at: Date | null }>(
          'select secret_hash, expires_at, revoked_at, accepted_at from owner_invitations where id = $1',
          [id],
        )
      : [];
    if (!row || !sameHash(row.secret_hash, hashSecret(secret!))) {
      throw new MarqueError('invitations', 'this is not a valid Marque owner invitation; check the link you were given', { status: 400, reason: 'invitation-invalid' });
    }
    if (row.accepted_at) throw refusal('invitation-used', 'this invitation was already accepted');
    if (row.revoked_at) throw refusal('invitation-withdrawn', 'this invitation was replaced by a newer one');
    if (new Date(row.expires_at) <= now) throw refusal('invitation-expired', 'this invitation has expired');
    return row;
  }
}

/**
 * For the order desk: creates an owner invitation for a confirmed order and answers the account
 * its twin is to be minted to. See {@link OwnerInvitations.create}.
 */
export function createOwnerInvitation(invitations: OwnerInvitations, request: OwnerInvitationRequest, now?: Date): Promise<OwnerInvitation> {
  return invitations.create(request, now);
}

function refusal(reason: 'invitation-used' | 'invitation-withdrawn' | 'invitation-expired', message: string) {
  return new MarqueError('invitations', message, {
    status: 410,
    reason,
    details: 'ask the marque (your dealer) for a new invitation; if you accepted it, sign in with your passkey',
  });
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
