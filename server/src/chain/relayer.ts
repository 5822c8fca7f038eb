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
 * The server's own account on chain: it relays dealers' passport records, creates launch events
 * on MarqueEventPass and signs their badge claims. Transactions go out one at a time, whoever
 * sends them, so the account's nonces never collide.
 */
export class Relayer {
  readonly wallet;
  private queue: Promise<unknown> = Promise.resolve();

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

  /** Runs `send` after every transaction queued before it has been mined or has failed. */
  run<T>(send: (wallet: Relayer['wallet']) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => send(this.wallet));
    this.queue = run.catch(() => {});
    return run;
  }
}

/** The contract's custom error in a failed call or simulation, as `Name(arg, …)`; undefined for other failures. */
export function revertOf(error: unknown): string | undefined {
  const revert = error instanceof BaseError ? (error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null;
  if (!revert?.data?.errorName) return undefined;
  return `${revert.data.errorName}(${(revert.data.args ?? []).map((a) => String(a)).join(', ')})`;
}
