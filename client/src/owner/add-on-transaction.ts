import { parseAbi, type Address, type Hash, type Hex } from 'viem';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions';
import { connectorFor } from '../wallet/connector-for';
import { wagmiConfigFor } from '../wallet/wagmi-config';
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

/** Where an add-on transaction is. */
export type ApplyPhase = 'wallet' | 'mining';

/** Options of {@link applyAddOnOnChain}. */
export interface ApplyAddOnRequest {
  world: WorldInfo;
  /** The signed-in wallet, which owns the twin. */
  account: Address;
  tokenId: string;
  addOnId: string;
  onPhase?: (phase: ApplyPhase, hash?: Hash) => void;
}

/**
 * Sends `MarqueTwin.applyAddOn(tokenId, addOnId)` from the signed-in wallet through wagmi and
 * waits until it is mined. The call is simulated first, so a refusal (already applied, not
 * approved, not the owner) comes back as the contract's named error before the wallet asks
 * anything. Resolves with the transaction's hash; rejects when the wallet declines, the
 * contract refuses, or the mined transaction reverted.
 */
export async function applyAddOnOnChain({ world, account, tokenId, addOnId, onPhase }: ApplyAddOnRequest): Promise<Hash> {
  const config = wagmiConfigFor(world);
  const connector = await connectorFor(config, world, account);
  onPhase?.('wallet');
  const { request } = await simulateContract(config, {
    address: world.twinAddress,
    abi: APPLY_ADD_ON_ABI,
    functionName: 'applyAddOn',
    args: [BigInt(tokenId), addOnId as Hex],
    account,
    chainId: world.chainId,
    connector,
  });
  const hash = await writeContract(config, { ...request, connector });
  onPhase?.('mining', hash);
  // The local chain mines at once: ask for the receipt often rather than every 4 s.
  const receipt = await waitForTransactionReceipt(config, { hash, chainId: world.chainId, pollingInterval: 250, timeout: 120_000 });
  if (receipt.status !== 'success') {
    throw Object.assign(new Error(`The transaction ${hash} was reverted: nothing was applied.`), { name: 'TransactionRevertedError' });
  }
  return hash;
}
