import type { Query } from '@tanstack/react-query';
import { ApiError } from '../net/api';

/**
 * React Query options that ask the server again every `intervalMs`, also while the tab is in the
 * background (a host watches one console among others), keeping the last answer through failures
 * so a console does not blank out when one request fails. A 404 stops the polling (what is not
 * there does not appear by asking again) until the query is refetched by hand.
 */
export function pollEvery(intervalMs: number) {
  return {
    refetchInterval: (query: Query<any, any, any, any>) => (query.state.error instanceof ApiError && query.state.error.status === 404 ? false : intervalMs),
    refetchIntervalInBackground: true,
  } as const;
}
