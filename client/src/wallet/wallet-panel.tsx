import { useCallback } from 'react';
import { WagmiProvider } from 'wagmi';
import { connect } from 'wagmi/actions';
import { t } from '../i18n/i18n';
import { WalletButton } from '../ui/wallet-button';
import type { SignedInSession } from './session-store';
import { signIn } from './sign-in';
import { wagmiConfigFor } from './wagmi-config';
import type { WorldInfo } from './world-info';

/** Props of {@link WalletPanel}. */
export interface WalletPanelProps {
  world: WorldInfo;
  session?: SignedInSession;
  onSession: (session: SignedInSession) => void;
  onSignOut: () => void;
  /** A sign-in failed: a message for the visitor. */
  onProblem: (message: string) => void;
}

/**
 * Everything wallet-related, in its own chunk: most visitors are guests, so wagmi
 * and the SIWE flow load beside the world instead of before it. wagmi keeps its state in the
 * page's one React Query client, provided at the root (client/src/queries/query-client.ts).
 */
export default function WalletPanel({ world, session, onSession, onSignOut, onProblem }: WalletPanelProps) {
  const config = wagmiConfigFor(world);

  const handleSignIn = useCallback(
    async (connectorId: string) => {
      const connector = config.connectors.find((c) => c.id === connectorId);
      if (!connector) return;
      try {
        const { accounts } = await connect(config, { connector, chainId: world.chainId });
        onSession(await signIn(config, accounts[0]!, world.chainId));
      } catch (error) {
        onProblem(signInProblem(error));
      }
    },
    [config, world.chainId, onSession, onProblem],
  );

  return (
    <WagmiProvider config={config}>
      <WalletButton session={session} onSignIn={handleSignIn} onSignOut={onSignOut} />
    </WagmiProvider>
  );
}

function signInProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/provider not found|ProviderNotFound/i.test(message)) {
    return t('wallet.noWallet');
  }
  if (/rejected|denied/i.test(message)) return t('wallet.cancelled');
  return message.split('\n')[0]!;
}
