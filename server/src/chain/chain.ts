import { createPublicClient, http, parseAbi, type Address, type PublicClient } from 'viem';
import { MarqueError } from '../errors';

const twinAbi = parseAbi(['function balanceOf(address owner) view returns (uint256)']);

/** Where the chain and the deployed contracts are. */
export interface ChainOptions {
  rpcUrl: string;
  /** Address of the MarqueTwin (ERC-721) contract. */
  twinAddress: Address;
}

/** The server's read access to the chain: what a wallet holds decides what it may enter. */
export interface Chain {
  readonly client: PublicClient;
  readonly chainId: number;
  readonly twinAddress: Address;
  /** Number of twin tokens the wallet holds right now, read from the chain. */
  twinBalance(owner: Address): Promise<bigint>;
  /** Latest block number; throws when the chain does not answer. */
  blockNumber(): Promise<bigint>;
}

/**
 * Connects to the chain and checks the twin contract is deployed there.
 * @throws MarqueError when the RPC does not answer or no contract is at the address.
 */
export async function connectChain(options: ChainOptions): Promise<Chain> {
  const client = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1, timeout: 5_000 }) });
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (cause) {
    throw new MarqueError(`chain: no answer from ${options.rpcUrl}`, {
      details: 'start the chain (npm start does it for you) or fix RPC_URL',
      cause,
    });
  }
  const code = await client.getCode({ address: options.twinAddress });
  if (!code || code === '0x') {
    throw new MarqueError(`chain: no contract at ${options.twinAddress} on chain ${chainId}`, {
      details: 'deploy the contracts (npm start does it on a local chain) or fix TWIN_ADDRESS',
    });
  }
  return {
    client,
    chainId,
    twinAddress: options.twinAddress,
    twinBalance: (owner) =>
      client.readContract({ address: options.twinAddress, abi: twinAbi, functionName: 'balanceOf', args: [owner] }),
    blockNumber: () => client.getBlockNumber({ cacheTime: 0 }),
  };
}
