import { createPublicClient, createWalletClient, http, type Address, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import { MarqueError } from '../../../protocol/src/errors';

/**
 * Account 0 of the local chain, which deploys and seeds, and the clients that send for it. The
 * chain signs for its unlocked accounts: no key leaves it.
 */
export function localSigner(rpcUrl: string, chainId: number, account: Address) {
  // The local chain mines each transaction at once: poll for receipts often, not every 4 s.
  const publicClient: PublicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 50 });
  const walletClient = createWalletClient({ account, chain: { ...foundry, id: chainId }, transport: http(rpcUrl) });
  /** Sends a contract call and waits until it is mined. @throws MarqueError when it reverted. */
  const send = async (request: Parameters<typeof walletClient.writeContract>[0]): Promise<void> => {
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new MarqueError('contracts', `seeding the local chain: ${request.functionName} on ${request.address} reverted (${hash})`, {
        details: 'the seed (server/src/dev/seed.ts) and the deployed contracts disagree: rebuild the contracts (npm run contracts:build) and start again',
      });
    }
  };
  return { chainId, account, publicClient, walletClient, send };
}

/** What {@link localSigner} gives. */
export type LocalSigner = ReturnType<typeof localSigner>;
