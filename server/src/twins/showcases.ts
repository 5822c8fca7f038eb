import type { Address } from 'viem';
import type { Database } from '../db/database';

/**
 * Whether twins' showcase pages are public (private by default). A decision is kept with the
 * wallet that made it and holds only while that wallet still owns the twin: after a sale the
 * showcase is private again until the new owner makes it public.
 */
export class ShowcaseStore {
  constructor(private readonly db: Database) {}

  /** Whether each twin's showcase is public for its current owner, by token id (decimal). */
  async publicOf(chainId: number, twins: readonly { tokenId: bigint; owner: Address }[]): Promise<Map<string, boolean>> {
    const result = new Map(twins.map((t) => [t.tokenId.toString(), false]));
    if (twins.length === 0) return result;
    const rows = await this.db.query<{ token_id: string; owner: string; public: boolean }>(
      `select token_id::text as token_id, owner, public from twin_showcases where chain_id = $1 and token_id = any($2::numeric[])`,
      [chainId, twins.map((t) => t.tokenId.toString())],
    );
    const owners = new Map(twins.map((t) => [t.tokenId.toString(), t.owner.toLowerCase()]));
    for (const row of rows) result.set(row.token_id, row.public && owners.get(row.token_id) === row.owner);
    return result;
  }

  /** Records `owner`'s decision for twin `tokenId`. */
  async set(chainId: number, tokenId: bigint, owner: Address, isPublic: boolean): Promise<void> {
    await this.db.query(
      `insert into twin_showcases (chain_id, token_id, owner, public) values ($1, $2, $3, $4)
       on conflict (chain_id, token_id) do update set owner = excluded.owner, public = excluded.public, updated_at = now()`,
      [chainId, tokenId.toString(), owner.toLowerCase(), isPublic],
    );
  }
}
