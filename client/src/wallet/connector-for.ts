import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
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
    // Named as wagmi names its own, so the flows explain it as they explain wagmi's.
    throw Object.assign(new MarqueError('wallet', 'your wallet is not connected to this page; sign out, then sign in again', { status: 401, reason: 'not-connected' }), {
      name: 'ConnectorNotConnectedError',
    });
  }
  await connect(config, { connector, chainId: world.chainId });
  return connector;
}
