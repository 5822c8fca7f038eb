import { useCallback, useEffect, useRef, useState } from 'react';
import type { OwnerTwin } from '../../../protocol/src/twin-api';
import type { SignedInSession } from '../wallet/session-store';
import { fetchMyTwins } from './twin-client';

/** The signed-in owner's twins as the page knows them. */
export interface OwnerTwins {
  /** Absent until the first answer (and for a visitor not signed in). */
  twins?: OwnerTwin[];
  /** Why the last load failed, if it did. */
  error?: string;
  /** Loads the twins again (after a transaction, a toggle); resolves with what the server says now. */
  refresh: () => Promise<OwnerTwin[]>;
}

/**
 * The signed-in wallet's twins (`GET /api/me/twins`): loaded when someone signs in, and again
 * each time `reloadKey` changes (the page passes the zone, so the factory shows today's stage).
 * The session's token is read when a request goes out, so a refreshed token changes nothing.
 */
export function useOwnerTwins(session: SignedInSession | undefined, reloadKey?: unknown): OwnerTwins {
  const [state, setState] = useState<{ address: string; twins?: OwnerTwin[]; error?: string }>();
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const address = session?.address;

  const refresh = useCallback(async () => {
    const current = sessionRef.current;
    if (!current) throw new Error('Sign in to see your cars.');
    try {
      const twins = await fetchMyTwins(current.token);
      // A reply for a wallet that has since signed out is dropped.
      if (sessionRef.current?.address === current.address) setState({ address: current.address, twins });
      return twins;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (sessionRef.current?.address === current.address) setState((previous) => ({ address: current.address, twins: previous?.address === current.address ? previous.twins : undefined, error: message }));
      throw error;
    }
  }, []);

  useEffect(() => {
    if (!address) return;
    refresh().catch((error: unknown) => console.warn(`twins: ${error instanceof Error ? error.message : String(error)}`));
  }, [address, reloadKey, refresh]);

  const mine = state && state.address === address ? state : undefined;
  return { twins: mine?.twins, error: mine?.error, refresh };
}
