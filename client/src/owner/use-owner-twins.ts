import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { MarqueError } from '../../../protocol/src/errors';
import type { OwnerTwin } from '../../../protocol/src/twin-api';
import type { SignedInSession } from '../wallet/session-store';
import { twinQueries } from './twin-queries';

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
 * The signed-in wallet's twins (`GET /api/me/twins`, through React Query): loaded when someone
 * signs in, and again each time `reloadKey` changes (the page passes the zone, so the factory
 * shows today's stage). The twins of the last answer stay through a failed load. The session's
 * token is read when a request goes out, so a refreshed token changes nothing.
 */
export function useOwnerTwins(session: SignedInSession | undefined, reloadKey?: unknown): OwnerTwins {
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const address = session?.address ?? '';
  const query = useQuery({ ...twinQueries.mine(address, () => sessionRef.current?.token ?? ''), enabled: address !== '' });
  const { refetch } = query;

  const refresh = useCallback(async () => {
    if (!sessionRef.current) throw new MarqueError('twins', 'sign in to see your cars', { status: 401, reason: 'signed-out' });
    return (await refetch({ throwOnError: true })).data!;
  }, [refetch]);

  // The first load is the query's own; a later key asks again.
  const loadedFor = useRef(reloadKey);
  useEffect(() => {
    if (loadedFor.current === reloadKey) return;
    loadedFor.current = reloadKey;
    if (sessionRef.current) refresh().catch((error: unknown) => console.warn(`twins: ${error instanceof Error ? error.message : String(error)}`));
  }, [reloadKey, refresh]);

  return { twins: query.data, error: query.error?.message, refresh };
}
