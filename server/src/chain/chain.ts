import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  http,
  type Address,
  type Hex,
  type PublicClient,
} from 'viem';
import { marqueTwinAbi } from '../../../protocol/src/contracts/abis';
import { MarqueError } from '../../../protocol/src/errors';

/** A twin token as the chain holds it. */
export interface TwinToken {
  tokenId: bigint;
  /** Model id of the car, as in assets/src/cars. */
  model: string;
  configurationHash: Hex;
}

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
  /** The twin with this id, or undefined when no such token was minted. */
  twin(tokenId: bigint): Promise<TwinToken | undefined>;
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
    throw new MarqueError('chain', `no answer from ${options.rpcUrl}`, {
      details: 'start the chain (npm start does it for you) or fix RPC_URL',
      cause,
    });
  }
  const code = await client.getCode({ address: options.twinAddress });
  if (!code || code === '0x') {
    throw new MarqueError('chain', `no contract at ${options.twinAddress} on chain ${chainId}`, {
      details: 'deploy the contracts (npm start does it on a local chain) or fix TWIN_ADDRESS',
    });
  }
  return {
    client,
    chainId,
    twinAddress: options.twinAddress,
    twinBalance: (owner) =>
      client.readContract({ address: options.twinAddress, abi: marqueTwinAbi, functionName: 'balanceOf', args: [owner] }),
    async twin(tokenId) {
      const contract = { address: options.twinAddress, abi: marqueTwinAbi, args: [tokenId] } as const;
      try {
        const [model, configurationHash] = await Promise.all([
          client.readContract({ ...contract, functionName: 'modelOf' }),
          client.readContract({ ...contract, functionName: 'configurationHashOf' }),
        ]);
        return { tokenId, model, configurationHash };
      } catch (error) {
        const revert = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
        if ((revert as ContractFunctionRevertedError | null)?.data?.errorName === 'ERC721NonexistentToken') return undefined;
        throw error;
      }
    },
    blockNumber: () => client.getBlockNumber({ cacheTime: 0 }),
  };
}
