import { erc1155Abi, erc721Abi, keccak256, stringToHex, type Address, type PublicClient } from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';
import type { AccessFacts } from './evaluate';
import type { ContractRef, Role } from '../../../protocol/src/access-rules';

/** Where the marque's contracts are; those absent make the rules that need them refuse. */
export interface MarqueContracts {
  twin: Address;
  profile?: Address;
  eventPass?: Address;
  passport?: Address;
}

/** `hasRole` of OpenZeppelin's AccessControl, which every marque contract has; MarqueTwin's ABI stands for all four. */
const accessControlAbi = marqueTwinAbi;

/** Which contract holds which role, and the role's id. */
const ROLE_CONTRACTS: Record<Role, { contract: keyof MarqueContracts; id: `0x${string}` }> = {
  dealer: { contract: 'passport', id: keccak256(stringToHex('DEALER_ROLE')) },
  'brand-team': { contract: 'eventPass', id: keccak256(stringToHex('BRAND_TEAM_ROLE')) },
  issuer: { contract: 'twin', id: keccak256(stringToHex('ISSUER_ROLE')) },
};

/** How long the latest block number is trusted before asking the chain again, ms. */
const BLOCK_NUMBER_TTL_MS = 200;

/**
 * Access facts read from the chain. Every answer is cached for the block it was read at and
 * dropped when a new block arrives, so a decision is never older than one block; the
 * indexer's Transfer events drop a wallet's answers at once ({@link forget}).
 */
export class ChainFacts implements AccessFacts {
  private readonly cache = new Map<string, { block: bigint; value: Promise<unknown> }>();
  private latest: { block: Promise<bigint>; at: number } | undefined;

  constructor(
    private readonly client: PublicClient,
    private readonly contracts: MarqueContracts,
    /** Stages of the twins a wallet holds; the indexer answers from the database, else the chain is scanned. */
    private readonly stagesOf?: (owner: Address) => Promise<number[]>,
  ) {}

  balanceOf(contract: ContractRef, owner: Address): Promise<bigint> {
    const address = this.resolve(contract);
    return this.cached(`721:${address}:${owner}`, () =>
      this.client.readContract({ address, abi: erc721Abi, functionName: 'balanceOf', args: [owner] }),
    );
  }

  ownerOf(contract: ContractRef, tokenId: bigint): Promise<Address | undefined> {
    const address = this.resolve(contract);
    return this.cached(`owner:${address}:${tokenId}`, () =>
      this.client.readContract({ address, abi: erc721Abi, functionName: 'ownerOf', args: [tokenId] }).catch(() => undefined),
    );
  }

  balanceOf1155(contract: ContractRef, owner: Address, id: bigint): Promise<bigint> {
    const address = this.resolve(contract);
    return this.cached(`1155:${address}:${owner}:${id}`, () =>
      this.client.readContract({ address, abi: erc1155Abi, functionName: 'balanceOf', args: [owner, id] }),
    );
  }

  twinStages(owner: Address): Promise<number[]> {
    return this.cached(`stages:${owner}`, () => (this.stagesOf ? this.stagesOf(owner) : this.scanStages(owner)));
  }

  hasRole(role: Role, account: Address): Promise<boolean> {
    const { contract, id } = ROLE_CONTRACTS[role];
    const address = this.contracts[contract];
    if (!address) return Promise.resolve(false);
    return this.cached(`role:${role}:${account}`, () =>
      this.client.readContract({ address, abi: accessControlAbi, functionName: 'hasRole', args: [id, account] }),
    );
  }

  /** Drops every cached answer about these wallets (a token of theirs just moved). */
  forget(...accounts: Address[]): void {
    const needles = accounts.map((a) => a.toLowerCase());
    for (const key of this.cache.keys()) {
      const lower = key.toLowerCase();
      if (needles.some((n) => lower.includes(n)) || lower.startsWith('owner:')) this.cache.delete(key);
    }
  }

  private async cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const block = await this.blockNumber();
    const hit = this.cache.get(key);
    if (hit && hit.block === block) return hit.value as Promise<T>;
    const value = read();
    this.cache.set(key, { block, value });
    // A failed read is not remembered.
    value.catch(() => this.cache.get(key)?.value === value && this.cache.delete(key));
    if (this.cache.size > 10_000) this.dropOlderThan(block);
    return value;
  }

  private blockNumber(): Promise<bigint> {
    const now = Date.now();
    if (!this.latest || now - this.latest.at > BLOCK_NUMBER_TTL_MS) {
      const block = this.client.getBlockNumber({ cacheTime: 0 }).catch((cause: unknown) => {
        this.latest = undefined;
        throw new MarqueError('access', 'cannot check your tokens right now; try again in a moment', {
          status: 503,
          reason: 'chain-unavailable',
          cause,
        });
      });
      this.latest = { block, at: now };
      void block.then((number) => this.dropOlderThan(number), () => {});
    }
    return this.latest!.block;
  }

  private dropOlderThan(block: bigint): void {
    for (const [key, entry] of this.cache) if (entry.block < block) this.cache.delete(key);
  }

  /** Without the indexer: every twin's owner and stage, read from the chain (fine for a local chain). */
  private async scanStages(owner: Address): Promise<number[]> {
    const twin = this.contracts.twin;
    const minted = await this.client.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'totalMinted' });
    const stages: number[] = [];
    for (let id = 1n; id <= minted; id++) {
      const holder = await this.client.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'ownerOf', args: [id] }).catch(() => undefined);
      if (holder?.toLowerCase() !== owner.toLowerCase()) continue;
      stages.push(await this.client.readContract({ address: twin, abi: marqueTwinAbi, functionName: 'stageOf', args: [id] }));
    }
    return stages;
  }

  private resolve(contract: ContractRef): Address {
    if (contract.startsWith('0x')) return contract as Address;
    const address = this.contracts[contract as keyof MarqueContracts];
    if (!address) {
      throw new MarqueError('access', `the ${contract} contract is not configured on this server`, {
        status: 503,
        reason: 'contract-unconfigured',
        details: 'set its address (see README "Configuration")',
      });
    }
    return address;
  }
}
