import { queryOptions } from '@tanstack/react-query';
import type { BuildInput, BuildView, LeadDealer, LeadInput, LeadView } from '../../../../../protocol/src/builds-api';
import { request } from '../../../net/api';

/** What sending a build to a dealer answers: the request's id, and the token that erases it. */
export interface SentLead {
  id: string;
  eraseToken: string;
}

/** Saves a build (`POST /api/builds`); no session needed. @throws ApiError naming a bad code. */
export function saveBuild(input: BuildInput): Promise<BuildView> {
  return request<BuildView>('/api/builds', { method: 'POST', body: input });
}

/** A saved build by its id (`GET /api/builds/:id`). */
export function fetchBuild(id: string, signal?: AbortSignal): Promise<BuildView> {
  return request<BuildView>(`/api/builds/${encodeURIComponent(id)}`, { signal });
}

/** Sends a build to a dealer (`POST /api/leads`); a signed-in visitor's `token` makes it erasable from the privacy page too. */
export function sendLead(input: LeadInput, token?: string): Promise<SentLead> {
  return request<SentLead>('/api/leads', { method: 'POST', body: input, token });
}

/** Erases a request sent from this page (`POST /api/leads/:id/erase`). */
export function eraseLead(lead: SentLead): Promise<{ erased: boolean }> {
  return request<{ erased: boolean }>(`/api/leads/${encodeURIComponent(lead.id)}/erase`, { method: 'POST', body: { token: lead.eraseToken } });
}

/** The public configurator's reads as React Query options. */
export const buildQueries = {
  /** A saved build (`GET /api/builds/:id`): what a share link opens. */
  build: (id: string) => queryOptions({ queryKey: ['builds', id], queryFn: ({ signal }) => fetchBuild(id, signal), staleTime: Infinity, retry: false }),
  /** The dealers a build can go to (`GET /api/leads/dealers`). */
  dealers: () => queryOptions({ queryKey: ['builds', 'dealers'], queryFn: ({ signal }) => request<LeadDealer[]>('/api/leads/dealers', { signal }), staleTime: 60_000 }),
  /** The requests sent to the signed-in dealer (`GET /api/dealer/leads`), polled while the console is open. */
  dealerLeads: (dealer: string, token: () => string) =>
    queryOptions({ queryKey: ['builds', 'leads', dealer], queryFn: ({ signal }) => request<LeadView[]>('/api/dealer/leads', { token: token(), signal }), refetchInterval: 15_000 }),
};
