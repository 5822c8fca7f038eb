import { createHash, randomBytes } from 'node:crypto';
import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import type { PassportLinkState, PassportLinkView } from '../../../protocol/src/journey-api';
import type { Database } from '../db/database';

/** A verification link as kept. */
interface LinkRow {
  id: string;
  token_id: string;
  owner: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  opened: number;
}

/** What opening a link found: the twin it shows, and until when. */
export interface OpenedLink {
  id: string;
  tokenId: bigint;
  expiresAt: Date;
}

/** Reads who owns twin `tokenId` right now (the chain), undefined when it was never minted. */
export type CurrentOwner = (tokenId: bigint) => Promise<Address | undefined>;

const UNIT = 'passport-links';

/**
 * Passport verification links: an owner shares one (a link and its QR code) so a prospective
 * buyer reads the car's certified history without a wallet. Each is a random secret of which only
 * a hash is kept, expires, can be revoked by its maker, and works only while its maker still owns
 * the twin — checked on the chain at every open, so a sale ends the seller's links at once.
 */
export class PassportLinks {
  constructor(
    private readonly db: Database,
    private readonly chainId: () => number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new link to twin `tokenId` by its owner `owner`, valid `validDays`; the secret is in the answer only. */
  async create(tokenId: bigint, owner: Address, validDays: number): Promise<{ token: string; view: PassportLinkView }> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + validDays * 86_400_000);
    const [row] = await this.db.query<LinkRow>(
      `insert into passport_links (token_hash, chain_id, token_id, owner, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)
       returning id::text as id, token_id::text as token_id, owner, created_at, expires_at, revoked_at, opened`,
      [tokenHash(token), this.chainId(), tokenId.toString(), owner.toLowerCase(), this.now(), expiresAt],
    );
    return { token, view: this.view(row!, owner) };
  }

  /** The links `owner` made for twin `tokenId`, newest first. */
  async list(tokenId: bigint, owner: Address): Promise<PassportLinkView[]> {
    const rows = await this.db.query<LinkRow>(
      `select id::text as id, token_id::text as token_id, owner, created_at, expires_at, revoked_at, opened from passport_links
       where owner = $1 and chain_id = $2 and token_id = $3 order by id desc`,
      [owner.toLowerCase(), this.chainId(), tokenId.toString()],
    );
    return rows.map((row) => this.view(row, owner));
  }

  /**
   * Revokes link `id`; only its maker may. Revoking a revoked link answers it as it is.
   * @throws MarqueError 404 `link-unknown` for a link that is not `wallet`'s (others' links are not told apart from missing ones).
   */
  async revoke(id: string, wallet: Address): Promise<PassportLinkView> {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw new MarqueError(UNIT, `"${id}" is not a link id`, { status: 400, reason: 'bad-request' });
    const [row] = await this.db.query<LinkRow>(
      `update passport_links set revoked_at = coalesce(revoked_at, $3) where id = $1 and owner = $2 and chain_id = $4
       returning id::text as id, token_id::text as token_id, owner, created_at, expires_at, revoked_at, opened`,
      [id, wallet.toLowerCase(), this.now(), this.chainId()],
    );
    if (!row) throw new MarqueError(UNIT, `you made no verification link #${id}`, { status: 404, reason: 'link-unknown' });
    return this.view(row, wallet);
  }

  /**
   * The twin a link shows, once it is checked: known, not revoked, not expired, and its maker still
   * the twin's owner on chain. Counts the open.
   * @throws MarqueError 404 `link-unknown`, 410 `link-revoked` / `link-expired` / `owner-changed`, each saying what to do.
   */
  async open(token: string, currentOwner: CurrentOwner): Promise<OpenedLink> {
    const [row] = /^[A-Za-z0-9_-]{16,64}$/.test(token)
      ? await this.db.query<LinkRow>(
          `select id::text as id, token_id::text as token_id, owner, created_at, expires_at, revoked_at, opened from passport_links
           where token_hash = $1 and chain_id = $2`,
          [tokenHash(token), this.chainId()],
        )
      : [];
    if (!row) {
      throw new MarqueError(UNIT, 'this verification link is not known', {
        status: 404,
        reason: 'link-unknown',
        details: 'check that the whole link was copied, or ask the owner for a new one',
      });
    }
    const ask = 'ask the owner of the car for a new link';
    if (row.revoked_at) throw new MarqueError(UNIT, 'the owner withdrew this verification link', { status: 410, reason: 'link-revoked', details: ask });
    const expiresAt = new Date(row.expires_at);
    if (expiresAt <= this.now()) {
      throw new MarqueError(UNIT, `this verification link expired on ${expiresAt.toISOString()}`, { status: 410, reason: 'link-expired', details: ask });
    }
    const tokenId = BigInt(row.token_id);
    const owner = await currentOwner(tokenId).catch((cause: unknown) => {
      throw new MarqueError(UNIT, 'cannot read the chain right now to check who owns the car; try again', { status: 503, reason: 'chain-unavailable', cause });
    });
    if (!owner || owner.toLowerCase() !== row.owner) {
      throw new MarqueError(UNIT, 'the car has changed hands since this link was made, so it no longer opens', {
        status: 410,
        reason: 'owner-changed',
        details: "ask the car's current owner for a link of their own",
      });
    }
    await this.db.query('update passport_links set opened = opened + 1 where id = $1', [row.id]);
    return { id: row.id, tokenId, expiresAt };
  }

  private view(row: LinkRow, viewer: Address): PassportLinkView {
    const expiresAt = new Date(row.expires_at);
    const state: PassportLinkState = row.revoked_at
      ? 'revoked'
      : expiresAt <= this.now()
        ? 'expired'
        : row.owner !== viewer.toLowerCase()
          ? 'owner-changed'
          : 'active';
    return {
      id: row.id,
      tokenId: row.token_id,
      createdAt: new Date(row.created_at).toISOString(),
      expiresAt: expiresAt.toISOString(),
      ...(row.revoked_at ? { revokedAt: new Date(row.revoked_at).toISOString() } : {}),
      state,
      opened: row.opened,
    };
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
