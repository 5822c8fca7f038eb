import type { Attendee, BadgeClaimGrant, Cue, LaunchEvent, LaunchReport, LiveFigures, Question, ShowState } from '../../../../protocol/src/launch';
import type { LaunchEventInput, ModerationInput } from '../../../../protocol/src/launch-input';
import { request, requestBlob } from '../../net/api';
import { deviceId } from '../../net/device-id';

/**
 * The launch events API as the client calls it (server/src/protocol/launch.ts): one function per
 * route, each resolving to the route's JSON or rejecting with an `ApiError` (../net/api.ts).
 * Hosts' routes take the host's session token.
 */

const eventPath = (id: string) => `/api/events/${encodeURIComponent(id)}`;

/** A session issued by the server: `POST /api/auth/guest` answers one with no scopes. */
export interface IssuedGuestSession {
  token: string;
  expiresAt: string;
  scopes: string[];
}

/** `POST /api/auth/guest`: a session without a wallet, so a guest keeps one identity at an event (votes, bans). */
export function startGuestSession(): Promise<IssuedGuestSession> {
  return request<IssuedGuestSession>('/api/auth/guest', { method: 'POST' });
}

/** `GET /api/events`: the events, soonest first as the server orders them. */
export function fetchEvents(token?: string, signal?: AbortSignal): Promise<LaunchEvent[]> {
  return request<LaunchEvent[]>('/api/events', { token, signal });
}

/** `GET /api/events/:id`: one event with its show state. */
export function fetchEvent(id: string, token?: string, signal?: AbortSignal): Promise<LaunchEvent> {
  return request<LaunchEvent>(eventPath(id), { token, signal });
}

/** `POST /api/events`: a new event (a brand-team wallet); the server says which fields it refused in `details`. */
export function createEvent(input: LaunchEventInput, token: string): Promise<LaunchEvent> {
  return request<LaunchEvent>('/api/events', { method: 'POST', token, body: input });
}

/** `PUT /api/events/:id`: the event's whole definition again (a host). */
export function updateEvent(id: string, input: LaunchEventInput, token: string): Promise<LaunchEvent> {
  return request<LaunchEvent>(eventPath(id), { method: 'PUT', token, body: input });
}

/** `POST /api/events/:id/cue`: fires `cue`; `seq` is the show's seq the console last saw (409 when another host moved it on). */
export function fireCue(id: string, cue: Cue, seq: number, token: string): Promise<ShowState> {
  return request<ShowState>(`${eventPath(id)}/cue`, { method: 'POST', token, body: { cue, seq } });
}

/** `POST /api/events/:id/moderation`: mutes, removes, bans, brings on stage, or sets slow mode. */
export async function moderate(id: string, action: ModerationInput, token: string): Promise<void> {
  await request<{ ok: true }>(`${eventPath(id)}/moderation`, { method: 'POST', token, body: action });
}

/** `GET /api/events/:id/attendees`: who is in the arena now (hosts only). */
export function fetchAttendees(id: string, token: string, signal?: AbortSignal): Promise<Attendee[]> {
  return request<Attendee[]>(`${eventPath(id)}/attendees`, { token, signal });
}

/** `GET /api/events/:id/questions`: the written questions, most votes first. */
export function fetchQuestions(id: string, token?: string, signal?: AbortSignal): Promise<Question[]> {
  return request<Question[]>(`${eventPath(id)}/questions`, { token, signal });
}

/** `POST /api/events/:id/questions/:qid/answered`: marks a question answered; resolves to the list. */
export function markAnswered(id: string, questionId: number, token: string): Promise<Question[]> {
  return request<Question[]>(`${eventPath(id)}/questions/${questionId}/answered`, { method: 'POST', token });
}

/** `GET /api/events/:id/live`: the console's figures now. */
export function fetchLiveFigures(id: string, token: string, signal?: AbortSignal): Promise<LiveFigures> {
  return request<LiveFigures>(`${eventPath(id)}/live`, { token, signal });
}

/** `GET /api/events/:id/report`: attendance, peak, dwell and the minutes. */
export function fetchReport(id: string, token: string, signal?: AbortSignal): Promise<LaunchReport> {
  return request<LaunchReport>(`${eventPath(id)}/report`, { token, signal });
}

/** `GET /api/events/:id/report?format=csv`: the report as a CSV file (it needs the host's Bearer, so no plain link). */
export function fetchReportCsv(id: string, token: string): Promise<Blob> {
  return requestBlob(`${eventPath(id)}/report?format=csv`, { token });
}

/** `POST /api/events/:id/badge`: the server's signed permission to claim the attendance badge (403 `stay-too-short` otherwise). */
export function requestBadgeClaim(id: string, token: string): Promise<BadgeClaimGrant> {
  return request<BadgeClaimGrant>(`${eventPath(id)}/badge`, { method: 'POST', token });
}

/** Body of `POST /api/invites`, and what it answers. */
export interface InvitationRequest {
  scope: string;
  maxUses: number;
  validHours: number;
  note?: string;
}

/** `POST /api/invites` (the brand team): an invitation code and the link that redeems it. */
export function issueInvitation(invitation: InvitationRequest, token: string): Promise<{ code: string; url: string; expiresAt: string; maxUses: number }> {
  return request(`/api/invites`, { method: 'POST', token, body: invitation });
}

/** Where the overflow tier reads the show (`text/event-stream`); an EventSource sends no headers, so the token and the device id ride in the query. */
export function streamUrl(id: string, token?: string): string {
  const query = new URLSearchParams();
  if (token) query.set('token', token);
  const device = deviceId();
  if (device) query.set('device', device);
  return `${eventPath(id)}/stream${query.size > 0 ? `?${query}` : ''}`;
}
