import type { Address } from 'viem';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import { describeRule, type AccessRule, type ContractRef, type Role } from '../../../protocol/src/access-rules';

/** Who is asking: a wallet when signed in, and the invitation scopes their session carries. */
export interface Visitor {
  address?: Address;
  inviteScopes: readonly string[];
}

/**
 * What rules are decided on: on-chain facts about a wallet. The server's implementation
 * (chain-facts.ts) reads the chain and caches for at most one block.
 */
export interface AccessFacts {
  /** ERC-721 balance of `owner` at `contract`. */
  balanceOf(contract: ContractRef, owner: Address): Promise<bigint>;
  /** Owner of ERC-721 token `tokenId`, undefined when it does not exist. */
  ownerOf(contract: ContractRef, tokenId: bigint): Promise<Address | undefined>;
  /** ERC-1155 balance of `owner` for `id`. */
  balanceOf1155(contract: ContractRef, owner: Address, id: bigint): Promise<bigint>;
  /** Production stages (0 Ordered … 5 Delivered) of the twins `owner` holds. */
  twinStages(owner: Address): Promise<number[]>;
  hasRole(role: Role, account: Address): Promise<boolean>;
}

/** The outcome: allowed, or refused with what was missing, in words. */
export type AccessDecision = { allowed: true } | { allowed: false; missing: string };

/**
 * Decides a rule for a visitor. Any-of stops at the first condition met, all-of at the first
 * one missing; the refusal names what the visitor lacks.
 */
export async function evaluateRule(rule: AccessRule, visitor: Visitor, facts: AccessFacts): Promise<AccessDecision> {
  if ('anyOf' in rule) {
    for (const part of rule.anyOf) if ((await evaluateRule(part, visitor, facts)).allowed) return { allowed: true };
    return { allowed: false, missing: describeRule(rule) };
  }
  if ('allOf' in rule) {
    for (const part of rule.allOf) {
      const decision = await evaluateRule(part, visitor, facts);
      if (!decision.allowed) return decision;
    }
    return { allowed: true };
  }
  return (await meets(rule, visitor, facts)) ? { allowed: true } : { allowed: false, missing: describeRule(rule) };
}

async function meets(rule: AccessRule, visitor: Visitor, facts: AccessFacts): Promise<boolean> {
  if ('public' in rule) return true;
  if ('invite' in rule) return visitor.inviteScopes.includes(rule.invite.scope);
  const { address } = visitor;
  if (!address) return false;
  if ('holdsToken' in rule) return (await facts.balanceOf(rule.holdsToken.contract, address)) > 0n;
  if ('holdsTokenId' in rule) {
    const owner = await facts.ownerOf(rule.holdsTokenId.contract, BigInt(rule.holdsTokenId.tokenId));
    return owner?.toLowerCase() === address.toLowerCase();
  }
  if ('holdsAtLeast' in rule) {
    const { contract, id, amount } = rule.holdsAtLeast;
    return (await facts.balanceOf1155(contract, address, BigInt(id))) >= BigInt(amount);
  }
  if ('hasProfile' in rule) return (await facts.balanceOf('profile', address)) > 0n;
  if ('twinAtStage' in rule) {
    const wanted = TWIN_STAGES.indexOf(rule.twinAtStage.stage);
    return (await facts.twinStages(address)).some((stage) => stage >= wanted);
  }
  if ('role' in rule) return facts.hasRole(rule.role, address);
  return false;
}

/** Whether a rule can ever depend on the chain (a public or invite-only rule never does). */
export function readsChain(rule: AccessRule): boolean {
  if ('anyOf' in rule) return rule.anyOf.some(readsChain);
  if ('allOf' in rule) return rule.allOf.some(readsChain);
  return !('public' in rule) && !('invite' in rule);
}
