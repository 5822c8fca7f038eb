import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnect, useConnectors, useDisconnect } from 'wagmi';
import type { SignedInSession } from '../wallet/session-store';

/** Props of {@link WalletButton}. */
export interface WalletButtonProps {
  session?: SignedInSession;
  /** Signs in with the chosen wallet (connect, then SIWE); rejects with a message to show. */
  onSignIn: (connectorId: string) => Promise<void>;
  onSignOut: () => void;
}

/** "Sign in" with a choice of wallets, or who is signed in and "Sign out". */
export function WalletButton({ session, onSignIn, onSignOut }: WalletButtonProps) {
  const { t } = useTranslation();
  const connectors = useConnectors();
  const { isPending } = useConnect();
  const { mutate: disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  if (session) {
    return (
      <div className="wallet">
        {session.via === 'passkey' ? (
          <span className="wallet-who">{t('wallet.passkey')}</span>
        ) : (
          <span className="wallet-who" title={session.address}>
            {t('wallet.signedInAs', { address: `${session.address.slice(0, 6)}…${session.address.slice(-4)}` })}
          </span>
        )}
        <button
          type="button"
          onClick={() => {
            disconnect();
            onSignOut();
          }}
        >
          {t('wallet.signOut')}
        </button>
      </div>
    );
  }

  const choose = async (id: string) => {
    setBusy(true);
    try {
      await onSignIn(id);
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="wallet">
      <button type="button" className="primary" aria-expanded={open} onClick={() => setOpen(!open)} disabled={busy || isPending}>
        {busy ? t('wallet.signingIn') : t('app.signIn')}
      </button>
      {open && (
        <ul className="wallet-menu" role="menu">
          {connectors.map((connector) => (
            <li key={connector.uid}>
              <button type="button" role="menuitem" onClick={() => void choose(connector.id)} disabled={busy}>
                {connectorLabel(connector, t)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a person sees for a connector: the wallet's own name, or what the generic ones are. */
function connectorLabel(connector: { id: string; name: string; type: string }, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (connector.type === 'demo') return t('wallet.demoWallet', { name: connector.name });
  if (connector.id === 'injected') return t('wallet.browserWallet');
  return connector.name;
}
