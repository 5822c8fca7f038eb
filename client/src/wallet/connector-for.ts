import type { Address } from 'viem';
import { connect, getConnection, reconnect } from 'wagmi/actions';
import type { WagmiConfig } from './wagmi-config';
import type { WorldInfo } from './world-info';

/**
 * The wallet connection that can sign for `account`: the one wagmi has (restored after a
 * reload), else the local chain's demo wallet for that account, connected without a prompt.
 */
export async function connectorFor(config: WagmiConfig, world: WorldInfo, account: Address) {
  const same = (address?: string) => address?.toLowerCase() === account.toLowerCase();
  let connection = getConnection(config);
  if (!same(connection.address)) {
    await reconnect(config).catch(() => []);
    connection = getConnection(config);
  }
  if (same(connection.address) && connection.connector) return connection.connector;
  const demo = world.demoWallets.findIndex((wallet) => same(wallet.address));
  const connector = demo >= 0 ? config.connectors.find((c) => c.id === `demo-wallet-${demo + 1}`) : undefined;
  if (!connector) {
    throw Object.assign(new Error('Your wallet is not connected to this page.'), { name: 'ConnectorNotConnectedError' });
  }
  await connect(config, { connector, chainId: world.chainId });
  return connector;
}
