import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Role } from '../../../protocol/src/access-rules';
import { twinQueries } from '../owner/twin-queries';
import type { SignedInSession } from './session-store';

const NO_ROLES: readonly Role[] = [];

/**
 * The roles the chain gives the signed-in wallet (`GET /api/me`, through React Query): dealer,
 * brand team, issuer. Empty for a visitor not signed in, or while the answer is on its way.
 */
export function useRoles(session: SignedInSession | undefined): readonly Role[] {
  const tokenRef = useRef(session?.token);
  tokenRef.current = session?.token;
  const address = session?.address ?? '';
  const me = useQuery({ ...twinQueries.me(address, () => tokenRef.current ?? ''), enabled: address !== '' });
  useEffect(() => {
    if (me.error) console.warn(`roles: ${me.error.message}`);
  }, [me.error]);
  return (address && me.data?.roles) || NO_ROLES;
}
