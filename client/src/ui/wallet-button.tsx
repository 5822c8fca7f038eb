import { useState } from 'react';
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
  const connectors = useConnectors();
  const { isPending } = useConnect();
  const { mutate: disconnect } = useDisconnect();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  if (session) {
    return (
      <div className="wallet">
        {session.via === 'passkey' ? (
          <span className="wallet-who">Signed in with your passkey</span>
        ) : (
          <span className="wallet-who" title={session.address}>
            Signed in · {session.address.slice(0, 6)}…{session.address.slice(-4)}
          </span>
        )}
        <button
          type="button"
          onClick={() => {
            disconnect();
            onSignOut();
          }}
        >
          Sign out
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
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {open && (
        <ul className="wallet-menu" role="menu">
          {connectors.map((connector) => (
            <li key={connector.uid}>
              <button type="button" role="menuitem" onClick={() => void choose(connector.id)} disabled={busy}>
                {connectorLabel(connector)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a person sees for a connector: the wallet's own name, or what the generic ones are. */
function connectorLabel(connector: { id: string; name: string; type: string }): string {
  if (connector.type === 'demo') return `${connector.name} · local demo wallet`;
  if (connector.id === 'injected') return 'Browser wallet';
  return connector.name;
}
