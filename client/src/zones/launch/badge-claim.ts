import type { Address, Hash, Hex } from 'viem';
import { marqueEventPassAbi } from '../../../../protocol/src/contracts/abis';
import type { BadgeClaimGrant } from '../../../../protocol/src/launch';
import { sendAndConfirm, type TransactionPhase } from '../../wallet/send-and-confirm';
import type { WorldInfo } from '../../wallet/world-info';

/** Options of {@link claimBadgeOnChain}. */
export interface BadgeClaimRequest {
  world: WorldInfo;
  /** The signed-in wallet: the claim's attendee, and the account that sends the transaction. */
  account: Address;
  /** What `POST /api/events/:id/badge` granted. */
  grant: BadgeClaimGrant;
  onPhase?: (phase: TransactionPhase, hash?: Hash) => void;
}

/**
 * Sends `MarqueEventPass.claimBadge(claim, signature)` from the attendee's wallet and waits until
 * it is mined ({@link sendAndConfirm}: a refusal, such as already held or expired, comes back as
 * the contract's named error before the wallet asks anything). Resolves with the transaction's
 * hash.
 */
export async function claimBadgeOnChain({ world, account, grant, onPhase }: BadgeClaimRequest): Promise<Hash> {
  const { claim } = grant;
  return sendAndConfirm(
    {
      address: grant.eventPassAddress as Address,
      abi: marqueEventPassAbi,
      functionName: 'claimBadge',
      args: [
        { eventId: BigInt(claim.eventId), attendee: claim.attendee as Address, issuer: claim.issuer as Address, deadline: BigInt(claim.deadline) },
        grant.signature as Hex,
      ],
    },
    { world, account, revertedOutcome: 'no badge was minted.', onPhase },
  );
}
