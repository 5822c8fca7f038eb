import { parseAbi, type Address, type Hash, type Hex } from 'viem';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions';
import type { BadgeClaimGrant } from '../../../server/src/protocol/launch';
import { connectorFor } from '../wallet/connector-for';
import { wagmiConfigFor } from '../wallet/wagmi-config';
import type { WorldInfo } from '../wallet/world-info';

/** `MarqueEventPass.claimBadge` and the errors it reverts with, so viem can name them. */
export const CLAIM_BADGE_ABI = parseAbi([
  'function claimBadge((uint256 eventId, address attendee, address issuer, uint256 deadline) claim, bytes signature)',
  'error MarqueEventPassUnknownEvent(uint256 eventId)',
  'error MarqueEventPassAlreadyHeld(address account, uint256 tokenId)',
  'error MarqueEventPassExpiredClaim(uint256 deadline)',
  'error MarqueEventPassUnauthorizedIssuer(address issuer)',
  'error MarqueEventPassInvalidSignature(address issuer)',
]);

/** Options of {@link claimBadgeOnChain}. */
export interface BadgeClaimRequest {
  world: WorldInfo;
  /** The signed-in wallet: the claim's attendee, and the account that sends the transaction. */
  account: Address;
  /** What `POST /api/events/:id/badge` granted. */
  grant: BadgeClaimGrant;
  onPhase?: (phase: 'wallet' | 'mining', hash?: Hash) => void;
}

/**
 * Sends `MarqueEventPass.claimBadge(claim, signature)` from the attendee's wallet through wagmi
 * and waits until it is mined. Simulated first, so a refusal (already held, expired) comes back
 * as the contract's named error before the wallet asks anything. Resolves with the
 * transaction's hash.
 */
export async function claimBadgeOnChain({ world, account, grant, onPhase }: BadgeClaimRequest): Promise<Hash> {
  const config = wagmiConfigFor(world);
  const connector = await connectorFor(config, world, account);
  onPhase?.('wallet');
  const { claim } = grant;
  const { request } = await simulateContract(config, {
    address: grant.eventPassAddress as Address,
    abi: CLAIM_BADGE_ABI,
    functionName: 'claimBadge',
    args: [
      { eventId: BigInt(claim.eventId), attendee: claim.attendee as Address, issuer: claim.issuer as Address, deadline: BigInt(claim.deadline) },
      grant.signature as Hex,
    ],
    account,
    chainId: world.chainId,
    connector,
  });
  const hash = await writeContract(config, { ...request, connector });
  onPhase?.('mining', hash);
  const receipt = await waitForTransactionReceipt(config, { hash, chainId: world.chainId, pollingInterval: 250, timeout: 120_000 });
  if (receipt.status !== 'success') {
    throw Object.assign(new Error(`The transaction ${hash} was reverted: no badge was minted.`), { name: 'TransactionRevertedError' });
  }
  return hash;
}
