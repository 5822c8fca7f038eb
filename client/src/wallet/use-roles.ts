import { useEffect, useRef, useState } from 'react';
import type { Role } from '../../../protocol/src/access-rules';
import { fetchMe } from '../owner/twin-client';
import type { SignedInSession } from './session-store';

/**
 * The roles the chain gives the signed-in wallet (`GET /api/me`): dealer, brand team, issuer.
 * Empty for a visitor not signed in, or while the answer is on its way.
 */
export function useRoles(session: SignedInSession | undefined): readonly Role[] {
  const [state, setState] = useState<{ address: string; roles: Role[] }>();
  const tokenRef = useRef(session?.token);
  tokenRef.current = session?.token;
  const address = session?.address;

  useEffect(() => {
    if (!address || !tokenRef.current) return;
    const aborting = new AbortController();
    fetchMe(tokenRef.current, aborting.signal).then(
      (me) => setState({ address, roles: me.roles }),
      (error: unknown) => {
        if (!aborting.signal.aborted) console.warn(`roles: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    return () => aborting.abort();
  }, [address]);

  return state && state.address === address ? state.roles : [];
}
