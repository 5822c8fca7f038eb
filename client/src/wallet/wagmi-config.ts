import { createConfig, http } from 'wagmi';
import { injected } from 'wagmi/connectors';
import { defineChain, type Chain } from 'viem';
import { demoConnector } from './demo-connector';
import type { WorldInfo } from './world-info';

/**
 * The chain the world runs on, reached through the page's own origin (`/rpc`),
 * so a browser never needs to know where the node is.
 */
export function worldChain(info: WorldInfo): Chain {
  const rpc = `${location.origin}/rpc`;
  return defineChain({
    id: info.chainId,
    name: info.chainId === 31337 ? 'Marque local chain' : `Chain ${info.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
}

/**
 * wagmi with any injected wallet (EIP-6963 discovery included), plus, on a local
 * chain, one connector per demo wallet: the page signs with the wallet's key (the
 * local chain's well-known test keys), so a newcomer can sign in without a browser
 * extension.
 */
export function createWagmiConfig(info: WorldInfo) {
  const chain = worldChain(info);
  const demoConnectors = info.demoWallets.map((wallet, i) =>
    demoConnector({ address: wallet.address, privateKey: wallet.privateKey, id: `demo-wallet-${i + 1}`, name: wallet.label, chain }),
  );
  return createConfig({
    chains: [chain],
    connectors: [injected(), ...demoConnectors],
    transports: { [chain.id]: http() },
  });
}

export type WagmiConfig = ReturnType<typeof createWagmiConfig>;

const configs = new WeakMap<WorldInfo, WagmiConfig>();

/**
 * The page's one wagmi configuration for this world: the wallet button signs in with it and the
 * garage sends transactions through the same connection.
 */
export function wagmiConfigFor(info: WorldInfo): WagmiConfig {
  let config = configs.get(info);
  if (!config) {
    config = createWagmiConfig(info);
    configs.set(info, config);
  }
  return config;
}
