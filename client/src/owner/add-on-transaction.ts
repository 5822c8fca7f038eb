import { parseAbi, type Address, type Hash, type Hex } from 'viem';
import { sendAndConfirm, type TransactionPhase } from '../wallet/send-and-confirm';
import type { WorldInfo } from '../wallet/world-info';

/** `MarqueTwin.applyAddOn` and the errors it reverts with, so viem can name them. */
export const APPLY_ADD_ON_ABI = parseAbi([
  'function applyAddOn(uint256 tokenId, bytes32 addOn)',
  'error MarqueTwinAddOnNotApproved(bytes32 addOn)',
  'error MarqueTwinAddOnAlreadyApplied(uint256 tokenId, bytes32 addOn)',
  'error MarqueTwinTooManyAddOns(uint256 tokenId, uint256 max)',
  'error MarqueTwinInvalidAddOn(bytes32 addOn)',
  'error ERC721InsufficientApproval(address operator, uint256 tokenId)',
  'error ERC721NonexistentToken(uint256 tokenId)',
]);

/** Options of {@link applyAddOnOnChain}. */
export interface ApplyAddOnRequest {
  world: WorldInfo;
  /** The signed-in wallet, which owns the twin. */
  account: Address;
  tokenId: string;
  addOnId: string;
  onPhase?: (phase: TransactionPhase, hash?: Hash) => void;
}

/**
 * Sends `MarqueTwin.applyAddOn(tokenId, addOnId)` from the signed-in wallet and waits until it is
 * mined ({@link sendAndConfirm}: a refusal, such as already applied, not approved or not the
 * owner, comes back as the contract's named error before the wallet asks anything). Resolves
 * with the transaction's hash; rejects when the wallet declines, the contract refuses, or the
 * mined transaction reverted.
 */
export async function applyAddOnOnChain({ world, account, tokenId, addOnId, onPhase }: ApplyAddOnRequest): Promise<Hash> {
  return sendAndConfirm(
    { address: world.twinAddress, abi: APPLY_ADD_ON_ABI, functionName: 'applyAddOn', args: [BigInt(tokenId), addOnId as Hex] },
    { world, account, revertedOutcome: 'nothing was applied.', onPhase },
  );
}
