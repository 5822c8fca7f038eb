import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  http,
  parseEventLogs,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { type HDAccount, mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, expect } from 'vitest';
import { ANVIL_DEFAULTS, type AnvilNode, startAnvil } from '../../server/src/chain/anvil';
import { loadArtifact } from '../scripts/compile';
import { deployContract, deployMarque, type Deployment } from '../scripts/deploy';

/**
 * Shared test fixture of the contracts' tests: one anvil per test file, the chain's funded accounts
 * as local signers, contract handles, and an assertion on the exact custom error of a revert.
 */

/** The chain's first six accounts: 0 deploys and administers, the others play owners and dealers. */
export const [admin, alice, bob, carol, dealer, stranger] = [0, 1, 2, 3, 4, 5].map((addressIndex) =>
  mnemonicToAccount(ANVIL_DEFAULTS.mnemonic, { addressIndex }),
) as [HDAccount, HDAccount, HDAccount, HDAccount, HDAccount, HDAccount];

/** Zero, as the ABI returns `DEFAULT_ADMIN_ROLE`. */
export const DEFAULT_ADMIN_ROLE = `0x${'0'.repeat(64)}` as const;

/** The file's chain: fields are set once `beforeAll` has run. */
export interface TestChain {
  anvil: AnvilNode;
  publicClient: PublicClient;
  chainId: number;
}

/** Starts an anvil for this test file (stopped after it) and returns the handle filled in `beforeAll`. */
export function useChain(): TestChain {
  const chain = {} as TestChain;
  beforeAll(async () => {
    const [anvil] = await Promise.all([startAnvil(), loadArtifact('MarqueTwin')]);
    chain.anvil = anvil;
    chain.chainId = anvil.chainId;
    // Anvil mines each transaction at once; viem's default 4 s polling would stall a receipt
    // that is not there on the first look (a busy machine) for 4 s.
    chain.publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl), pollingInterval: 50 });
  });
  afterAll(async () => {
    await chain.anvil?.stop();
  });
  return chain;
}

/** A wallet client that signs locally as `account`. */
export function walletOf(chain: TestChain, account: HDAccount) {
  return createWalletClient({ account, chain: foundry, transport: http(chain.anvil.rpcUrl) });
}

/** A deployed contract with its ABI: read, write (asserting success) or attempt (for refusals). */
export interface TestContract {
  address: Address;
  abi: Abi;
  read(functionName: string, args?: readonly unknown[]): Promise<any>;
  /** Sends the call as `account`, waits, and asserts the transaction succeeded. */
  write(account: HDAccount, functionName: string, args?: readonly unknown[]): Promise<TransactionReceipt>;
  /** Sends the call as `account`; the promise to give {@link expectRevert}. */
  attempt(account: HDAccount, functionName: string, args?: readonly unknown[]): Promise<unknown>;
  /** What the call would return, sent as `account`. */
  simulate(account: HDAccount, functionName: string, args?: readonly unknown[]): Promise<any>;
  /** Decoded events named `eventName` of `receipt` emitted by this contract. */
  events(receipt: TransactionReceipt, eventName: string): Array<{ args: any }>;
  /** Names of the events of `receipt` emitted by this contract, in order. */
  eventNames(receipt: TransactionReceipt): string[];
}

/** A handle on contract `name` at `address`. */
export async function contractAt(chain: TestChain, name: string, address: Address): Promise<TestContract> {
  const { abi } = await loadArtifact(name);
  const { publicClient } = chain;
  const own = (receipt: TransactionReceipt) => receipt.logs.filter((log) => log.address.toLowerCase() === address.toLowerCase());
  return {
    address,
    abi,
    read: (functionName, args = []) => publicClient.readContract({ address, abi, functionName, args }),
    async write(account, functionName, args = []) {
      const hash = await walletOf(chain, account).writeContract({ address, abi, functionName, args });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      return receipt;
    },
    attempt: (account, functionName, args = []) =>
      walletOf(chain, account).writeContract({ address, abi, functionName, args }),
    simulate: async (account, functionName, args = []) =>
      (await publicClient.simulateContract({ account, address, abi, functionName, args })).result,
    events: (receipt, eventName) => parseEventLogs({ abi, logs: own(receipt), eventName }) as Array<{ args: any }>,
    eventNames: (receipt) => parseEventLogs({ abi, logs: own(receipt) }).map((log) => log.eventName),
  };
}

/** Deploys contract `name` as `admin` and returns its handle. */
export async function deployed(chain: TestChain, name: string, args: readonly unknown[]): Promise<TestContract> {
  const { address } = await deployContract(name, args, { walletClient: walletOf(chain, admin), publicClient: chain.publicClient });
  return contractAt(chain, name, address);
}

/** The four contracts freshly deployed by `admin`, which also holds every operational role. */
export async function deployAll(chain: TestChain) {
  const deployment = await deployMarque({
    walletClient: walletOf(chain, admin),
    publicClient: chain.publicClient,
    admin: admin.address,
    operator: admin.address,
    twinBaseURI: 'https://marque.example/api/twins/',
    eventPassURI: 'https://marque.example/api/passes/{id}.json',
  });
  const handle = (name: string, { address }: Deployment) => contractAt(chain, name, address);
  const [twin, passport, profile, eventPass] = await Promise.all([
    handle('MarqueTwin', deployment.twin),
    handle('MarquePassport', deployment.passport),
    handle('MarqueOwnerProfile', deployment.profile),
    handle('MarqueEventPass', deployment.eventPass),
  ]);
  return { twin, passport, profile, eventPass };
}

/** Latest block's timestamp, seconds. */
export async function now(chain: TestChain): Promise<bigint> {
  return (await chain.publicClient.getBlock()).timestamp;
}

/** Asserts that `action` reverts with the custom error `errorName` carrying exactly `args`. */
export async function expectRevert(action: Promise<unknown>, errorName: string, args: readonly unknown[] = []) {
  const error = await action.then(
    () => expect.fail(`expected a revert with ${errorName}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BaseError);
  const reverted = (error as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
  expect(reverted, `no decoded revert in: ${(error as Error).message}`).toBeInstanceOf(ContractFunctionRevertedError);
  const { data } = reverted as ContractFunctionRevertedError;
  expect({ errorName: data?.errorName, args: data?.args ?? [] }).toEqual({ errorName, args });
}
