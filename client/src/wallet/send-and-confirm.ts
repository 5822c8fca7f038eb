import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hash } from 'viem';
import { simulateContract, waitForTransactionReceipt, writeContract } from 'wagmi/actions';
import { MarqueError } from '../../../protocol/src/errors';
import { connectorFor } from './connector-for';
import { wagmiConfigFor } from './wagmi-config';
import type { WorldInfo } from './world-info';

/** Where a transaction is: waiting for the wallet's approval, then for the chain to mine it. */
export type TransactionPhase = 'wallet' | 'mining';

/** A transaction that was mined but reverted; the message says what did not happen. */
export class TransactionRevertedError extends MarqueError {
  override name = 'TransactionRevertedError';

  constructor(
    readonly hash: Hash,
    outcome: string,
  ) {
    super('wallet', `The transaction ${hash} was reverted: ${outcome}`, { reason: 'reverted' });
  }
}

/** A state-changing contract function and its arguments. */
export interface ContractCall<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
  args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: args;
}

/** Options of {@link sendAndConfirm}. */
export interface SendAndConfirmOptions {
  world: WorldInfo;
  /** The signed-in wallet, which sends the transaction. */
  account: Address;
  /** What did not happen when the mined transaction reverted, for {@link TransactionRevertedError}'s message. */
  revertedOutcome: string;
  onPhase?: (phase: TransactionPhase, hash?: Hash) => void;
}

/**
 * Sends `call` from the signed-in wallet through wagmi and waits until it is mined. The call is
 * simulated first, so a refusal comes back as the contract's named error (with `call.abi`
 * naming it) before the wallet asks anything. Resolves with the transaction's hash; rejects
 * when the wallet declines, the contract refuses, or the mined transaction reverted.
 */
export async function sendAndConfirm<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
  const args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
>(call: ContractCall<abi, functionName, args>, { world, account, revertedOutcome, onPhase }: SendAndConfirmOptions): Promise<Hash> {
  const config = wagmiConfigFor(world);
  const connector = await connectorFor(config, world, account);
  onPhase?.('wallet');
  // The callers' types check `call` against its ABI; wagmi's generics cannot be carried through here.
  const wide = call as ContractCall<Abi, string, readonly unknown[]>;
  const { request } = await simulateContract(config, { ...wide, account, chainId: world.chainId, connector });
  const hash = await writeContract(config, { ...request, connector });
  onPhase?.('mining', hash);
  // The local chain mines at once: ask for the receipt often rather than every 4 s.
  const receipt = await waitForTransactionReceipt(config, { hash, chainId: world.chainId, pollingInterval: 250, timeout: 120_000 });
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash, revertedOutcome);
  return hash;
}
