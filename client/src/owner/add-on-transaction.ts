import type { Address, Hash, Hex } from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { sendAndConfirm, type TransactionPhase } from '../wallet/send-and-confirm';
import type { WorldInfo } from '../wallet/world-info';

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
    { address: world.twinAddress, abi: marqueTwinAbi, functionName: 'applyAddOn', args: [BigInt(tokenId), addOnId as Hex] },
    { world, account, revertedOutcome: 'nothing was applied.', onPhase },
  );
}
