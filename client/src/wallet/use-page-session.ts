import { useCallback, useState } from 'react';
import { forgetSession, rememberSession, storedSession, type SignedInSession } from './session-store';
import { useSessionRefresh } from './use-session-refresh';
import type { WalletPanelProps } from './wallet-panel';

/** What {@link usePageSession} gives a 2D page. */
export interface PageSession {
  /** The signed-in person, kept for the tab; none for a guest. */
  session?: SignedInSession;
  /** The message the page shows in its alert (a refused sign-in, an ended session); none when all is well. */
  problem?: string;
  setProblem: (message: string | undefined) => void;
  /** Spread into `<WalletPanel world={world} {...wallet} />`: signing in clears the alert, signing out forgets the session. */
  wallet: Omit<WalletPanelProps, 'world'>;
}

/**
 * The sign-in state every 2D page with accounts keeps (staff, host, privacy): the tab's stored
 * session, refreshed before it expires and forgotten with a message when the server ends it.
 */
export function usePageSession(): PageSession {
  const [session, setSession] = useState<SignedInSession | undefined>(storedSession);
  const [problem, setProblem] = useState<string>();
  const ended = useCallback((message: string) => {
    forgetSession();
    setSession(undefined);
    setProblem(message);
  }, []);
  useSessionRefresh(session, setSession, rememberSession, ended);
  return {
    session,
    problem,
    setProblem,
    wallet: {
      session,
      onSession: (signedIn) => {
        setSession(signedIn);
        setProblem(undefined);
      },
      onSignOut: () => {
        forgetSession();
        setSession(undefined);
      },
      onProblem: setProblem,
    },
  };
}
