import { z } from 'zod';
import { TWIN_STAGES } from './contracts/contract-types';

/**
 * Access rules as data: who may enter a zone or an event. A rule is one condition or an
 * any-of / all-of combination of rules; guests (no wallet) can only pass `public` and
 * `invite` conditions. Zones' rules live in server/src/rooms/policies.ts; events carry their own.
 */
export type AccessRule =
  | { public: true }
  | { anyOf: AccessRule[] }
  | { allOf: AccessRule[] }
  /** Holds at least one ERC-721 token of the contract. */
  | { holdsToken: { contract: ContractRef } }
  /** Holds this very ERC-721 token. */
  | { holdsTokenId: { contract: ContractRef; tokenId: string } }
  /** Holds at least `amount` of ERC-1155 token `id`. */
  | { holdsAtLeast: { contract: ContractRef; id: string; amount: number } }
  | { hasProfile: true }
  /** Holds a twin that has reached `stage` or a later one. */
  | { twinAtStage: { stage: TwinStage } }
  /** Came in with a valid invite code for `scope` (a zone or an event id). */
  | { invite: { scope: string } }
  | { role: Role };

/** The marque's own contracts by name, or any contract by address. */
export type ContractRef = 'twin' | 'profile' | 'eventPass' | `0x${string}`;
export type TwinStage = (typeof TWIN_STAGES)[number];
/**
 * On-chain roles: dealers (`MarquePassport.DEALER_ROLE`), the brand team
 * (`MarqueEventPass.BRAND_TEAM_ROLE`) and the issuers who mint twins for confirmed orders
 * (`MarqueTwin.ISSUER_ROLE`).
 */
export const ROLES = ['dealer', 'brand-team', 'issuer'] as const;
export type Role = (typeof ROLES)[number];

/** Each role as a visitor reads it in a refusal. */
const ROLE_NAMES: Record<Role, string> = {
  dealer: 'a Marque dealer account',
  'brand-team': "the brand team's account",
  issuer: "an issuer's account (order desk)",
};

const contractRef = z.union([
  z.enum(['twin', 'profile', 'eventPass']),
  z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a contract name (twin, profile, eventPass) or a 0x address') as z.ZodType<`0x${string}`>,
]);
const tokenId = z.string().regex(/^\d{1,78}$/, 'a decimal token id');

/** Validates a rule read from data; errors name the path of the bad part. */
export const accessRule: z.ZodType<AccessRule> = z.lazy(() =>
  z.union([
    z.strictObject({ public: z.literal(true) }),
    z.strictObject({ anyOf: z.array(accessRule).min(1) }),
    z.strictObject({ allOf: z.array(accessRule).min(1) }),
    z.strictObject({ holdsToken: z.strictObject({ contract: contractRef }) }),
    z.strictObject({ holdsTokenId: z.strictObject({ contract: contractRef, tokenId }) }),
    z.strictObject({ holdsAtLeast: z.strictObject({ contract: contractRef, id: tokenId, amount: z.number().int().min(1) }) }),
    z.strictObject({ hasProfile: z.literal(true) }),
    z.strictObject({ twinAtStage: z.strictObject({ stage: z.enum(TWIN_STAGES) }) }),
    z.strictObject({ invite: z.strictObject({ scope: z.string().min(1).max(64) }) }),
    z.strictObject({ role: z.enum(ROLES) }),
  ]),
);

/** What a rule asks for, in words a visitor understands ("a Marque digital twin", …). */
export function describeRule(rule: AccessRule): string {
  if ('public' in rule) return 'nothing';
  if ('anyOf' in rule) return rule.anyOf.map(describeRule).join(', or ');
  if ('allOf' in rule) return rule.allOf.map(describeRule).join(', and ');
  if ('holdsToken' in rule) return contractName(rule.holdsToken.contract);
  if ('holdsTokenId' in rule) return `token #${rule.holdsTokenId.tokenId} of ${contractName(rule.holdsTokenId.contract)}`;
  if ('holdsAtLeast' in rule) {
    const { amount, id, contract } = rule.holdsAtLeast;
    return `${amount === 1 ? 'token' : `${amount} × token`} #${id} of ${contractName(contract)}`;
  }
  if ('hasProfile' in rule) return 'a Marque owner profile';
  if ('twinAtStage' in rule) {
    return rule.twinAtStage.stage === 'Ordered' ? 'a Marque digital twin' : `a Marque car at the ${rule.twinAtStage.stage} stage or later`;
  }
  if ('invite' in rule) return 'an invitation';
  return ROLE_NAMES[rule.role];
}

function contractName(contract: ContractRef): string {
  const names: Record<string, string> = { twin: 'a Marque digital twin', profile: 'a Marque owner profile', eventPass: 'a Marque event pass' };
  return names[contract] ?? `a token of contract ${contract}`;
}
