import {
  type Address,
  createWalletClient,
  custom,
  hexToBigInt,
  type Chain,
  type EIP1193RequestFn,
  type Hex,
  type LocalAccount,
  type TypedDataDefinition,
} from 'viem';
import { createConnector } from 'wagmi';
import { mock } from 'wagmi/connectors';

/** A transaction as `eth_sendTransaction` carries it (hex quantities). */
interface RpcTransaction {
  to?: Hex;
  data?: Hex;
  value?: Hex;
  gas?: Hex;
}

/**
 * A connector for one of the local chain's demo wallets that signs in the page with the wallet's
 * own key. Everything else goes to the page's `/rpc`, which passes reads and raw transactions
 * only: the node never signs for anyone.
 */
export function demoConnector(options: { address: Address; privateKey: Hex; id: string; name: string; chain: Chain }) {
  const { chain } = options;
  const base = mock({ accounts: [options.address], features: { reconnect: true } });
  // The signing code (secp256k1) loads when a demo wallet is first used, not with the page.
  let signer: Promise<EIP1193RequestFn> | undefined;
  return createConnector((config) => {
    const inner = base(config);
    return {
      ...inner,
      id: options.id,
      name: options.name,
      type: 'demo',
      async getProvider(parameters?: { chainId?: number }) {
        const provider = await inner.getProvider(parameters);
        signer ??= import('viem/accounts').then(({ privateKeyToAccount }) =>
          signingInPage(privateKeyToAccount(options.privateKey), chain, provider.request as EIP1193RequestFn),
        );
        return { ...provider, request: (async (args: never) => (await signer!)(args)) as EIP1193RequestFn };
      },
    };
  });
}

/** Answers the signing methods with `account`'s key and forwards the rest to `forward`. */
export function signingInPage(account: LocalAccount, chain: Chain, forward: EIP1193RequestFn): EIP1193RequestFn {
  const wallet = createWalletClient({ account, chain, transport: custom({ request: forward }) });
  const request = async ({ method, params }: { method: string; params?: unknown }) => {
    const args = (params ?? []) as unknown[];
    switch (method) {
      case 'personal_sign':
        return account.signMessage({ message: { raw: args[0] as Hex } });
      case 'eth_signTypedData_v4':
        return account.signTypedData(reviveTypedData(JSON.parse(args[1] as string) as TypedDataDefinition));
      case 'eth_sendTransaction': {
        const tx = args[0] as RpcTransaction;
        return wallet.sendTransaction({
          to: tx.to,
          data: tx.data,
          value: tx.value ? hexToBigInt(tx.value) : undefined,
          gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
          chain,
        });
      }
      default:
        return forward({ method, params } as never);
    }
  };
  return request as EIP1193RequestFn;
}

type Fields = readonly { name: string; type: string }[];

/**
 * Typed data as `eth_signTypedData_v4` carries it has its integers as strings (JSON has no
 * bigint); hashing needs them as numbers again, struct by struct and in arrays.
 */
export function reviveTypedData(typed: TypedDataDefinition): TypedDataDefinition {
  const types = typed.types as Record<string, Fields>;
  const revive = (type: string, value: unknown): unknown => {
    const array = /^(.*)\[\d*\]$/.exec(type);
    if (array) return (value as unknown[]).map((item) => revive(array[1]!, item));
    if (/^u?int\d*$/.test(type)) return BigInt(value as string | number);
    const fields = types[type];
    if (!fields) return value;
    const struct = value as Record<string, unknown>;
    return Object.fromEntries(fields.map((field) => [field.name, revive(field.type, struct[field.name])]));
  };
  return { ...typed, message: revive(typed.primaryType as string, typed.message) as Record<string, unknown> } as TypedDataDefinition;
}
