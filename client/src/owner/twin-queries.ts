import { queryOptions } from '@tanstack/react-query';
import { fetchAddOns, fetchMe, fetchMyTwins, fetchPassport, fetchTwinMetadata } from './twin-client';

/**
 * The twin API's reads as React Query options: one key per resource and wallet, the session token
 * left out of the keys (a refreshed token asks nothing again) and read when a request goes out.
 */
export const twinQueries = {
  /** The signed-in wallet's twins (`GET /api/me/twins`). */
  mine: (address: string, token: () => string) => queryOptions({ queryKey: ['twins', 'mine', address], queryFn: ({ signal }) => fetchMyTwins(token(), signal) }),
  /** The approved add-ons (`GET /api/addons`). */
  addOns: () => queryOptions({ queryKey: ['add-ons'], queryFn: ({ signal }) => fetchAddOns(signal) }),
  /** A car's certified history (`GET /api/twins/:id/passport`). */
  passport: (tokenId: string, token: () => string) => queryOptions({ queryKey: ['twins', tokenId, 'passport'], queryFn: ({ signal }) => fetchPassport(tokenId, token(), signal) }),
  /** A token's public metadata (`GET /api/twins/:id`): whether the twin exists at all. */
  metadata: (tokenId: string) => queryOptions({ queryKey: ['twins', tokenId, 'metadata'], queryFn: ({ signal }) => fetchTwinMetadata(tokenId, signal) }),
  /** The wallet and the roles the chain gives it (`GET /api/me`). */
  me: (address: string, token: () => string) => queryOptions({ queryKey: ['me', address], queryFn: ({ signal }) => fetchMe(token(), signal) }),
};
