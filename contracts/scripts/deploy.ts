import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  getContractError,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { loadArtifact } from './compile';

/** Arguments of {@link deployMarqueTwin}. */
export interface DeployMarqueTwinOptions {
  /** Signs and sends the deployment; its account pays for it. */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Waits for the receipt. */
  publicClient: PublicClient;
  /** Receives `DEFAULT_ADMIN_ROLE` and `MINTER_ROLE`. */
  admin: Address;
  /** Prefix of every token URI, e.g. `https://marque.example/twins/`. */
  baseURI: string;
}

/** Where a contract was deployed. */
export interface Deployment {
  address: Address;
  blockNumber: bigint;
  transactionHash: Hash;
}

/**
 * Deploys `MarqueTwin` (compiling it first when its artifact is missing or stale) and waits until
 * the deployment is mined.
 * @returns The checksummed contract address and where the deployment was mined.
 * @throws viem's `ContractFunctionExecutionError` with the decoded custom error (e.g.
 * `MarqueTwinInvalidAdmin`) when the constructor would revert; Error starting with `contracts: `
 * when the mined deployment reverts anyway.
 */
export async function deployMarqueTwin({
  walletClient,
  publicClient,
  admin,
  baseURI,
}: DeployMarqueTwinOptions): Promise<Deployment> {
  const { abi, bytecode } = await loadArtifact('MarqueTwin');
  const args = [admin, baseURI] as const;
  const transactionHash = await walletClient.deployContract({ abi, bytecode, args }).catch((error: Error) => {
    // viem decodes custom errors of function calls but not of constructors; without this a bad
    // admin reads as "custom error 0x1eb0e176".
    throw getContractError(error, { abi, args, functionName: 'constructor' });
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash: transactionHash });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new Error(`contracts: MarqueTwin deployment ${transactionHash} reverted in block ${receipt.blockNumber}`);
  }
  return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber, transactionHash };
}
