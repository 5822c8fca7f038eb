import {
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  defineChain,
  http,
  publicActions,
  type Account,
  type Address,
} from 'viem';

/** Options of {@link Relayer}. */
export interface RelayerOptions {
  rpcUrl: string;
  chainId: number;
  /**
   * The account that pays: a local account (from `RELAYER_PRIVATE_KEY`), or the address of an
   * account the node signs for (an unlocked account of the local chain).
   */
  account: Account | Address;
}

/**
 * The server's own account on chain: it signs every transaction of the transaction queue
 * (./tx-queue.ts: passport records, launch events, the order desk, the factory) and the launches'
 * badge claims. Nothing sends with it but the queue, which keeps its nonces.
 */
export class Relayer {
  readonly wallet;

  constructor(options: RelayerOptions) {
    const local = options.chainId === 31337;
    this.wallet = createWalletClient({
      account: options.account,
      chain: defineChain({
        id: options.chainId,
        name: `chain ${options.chainId}`,
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [options.rpcUrl] } },
      }),
      transport: http(options.rpcUrl, { retryCount: 1, timeout: 30_000 }),
      // The local chain mines each transaction at once.
      pollingInterval: local ? 50 : 1_000,
    }).extend(publicActions);
  }

  get address(): Address {
    return this.wallet.account.address;
  }
}

/** The contract's custom error in a failed call or simulation, as `Name(arg, …)`; undefined for other failures. */
export function revertOf(error: unknown): string | undefined {
  const revert = error instanceof BaseError ? (error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null;
  if (!revert?.data?.errorName) return undefined;
  return `${revert.data.errorName}(${(revert.data.args ?? []).map((a) => String(a)).join(', ')})`;
}
