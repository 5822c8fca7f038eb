import { queryOptions } from '@tanstack/react-query';
import { pollEvery } from '../../queries/poll-every';
import { fetchAttendees, fetchEvent, fetchEvents, fetchLiveFigures, fetchQuestions, fetchReport } from './launch-client';

/** How often the host console asks for the show, the figures and the audience, ms. */
export const CONSOLE_REFRESH_MS = 2500;

/** How often the host console's list of events is read again, ms. */
const EVENTS_REFRESH_MS = 15_000;

/** The report is read again this often while it is shown, ms: it grows minute by minute during the show. */
const REPORT_REFRESH_MS = 30_000;

/**
 * The launch events API's reads as React Query options: one key per resource, the session token
 * left out of the keys (a refreshed token asks nothing again) and read when a request goes out.
 * The host console's reads poll; an attendee's page reads once.
 */
export const launchQueries = {
  /** The events not over, soonest first (`GET /api/events`), read once for the launch zone's list. */
  upcoming: () =>
    queryOptions({
      queryKey: ['events', 'upcoming'],
      queryFn: async ({ signal }) => (await fetchEvents(undefined, signal)).filter((e) => e.show.cue !== 'closed').sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    }),
  /** The host console's list of events, polled. */
  hosted: (token: () => string) => queryOptions({ queryKey: ['events', 'hosted'], queryFn: ({ signal }) => fetchEvents(token(), signal), ...pollEvery(EVENTS_REFRESH_MS) }),
  /** One event, read once by an attendee's page. */
  event: (eventId: string) => queryOptions({ queryKey: ['events', eventId], queryFn: ({ signal }) => fetchEvent(eventId, undefined, signal) }),
  /** One event in the host console, polled: two hosts at two consoles see each other's moves. */
  hostedEvent: (eventId: string, token: () => string) =>
    queryOptions({ queryKey: ['events', eventId, 'hosted'], queryFn: ({ signal }) => fetchEvent(eventId, token(), signal), ...pollEvery(CONSOLE_REFRESH_MS) }),
  attendees: (eventId: string, token: () => string) =>
    queryOptions({ queryKey: ['events', eventId, 'attendees'], queryFn: ({ signal }) => fetchAttendees(eventId, token(), signal), ...pollEvery(CONSOLE_REFRESH_MS) }),
  questions: (eventId: string, token: () => string) =>
    queryOptions({ queryKey: ['events', eventId, 'questions'], queryFn: ({ signal }) => fetchQuestions(eventId, token(), signal), ...pollEvery(CONSOLE_REFRESH_MS) }),
  live: (eventId: string, token: () => string) =>
    queryOptions({ queryKey: ['events', eventId, 'live'], queryFn: ({ signal }) => fetchLiveFigures(eventId, token(), signal), ...pollEvery(CONSOLE_REFRESH_MS) }),
  report: (eventId: string, token: () => string) =>
    queryOptions({ queryKey: ['events', eventId, 'report'], queryFn: ({ signal }) => fetchReport(eventId, token(), signal), ...pollEvery(REPORT_REFRESH_MS) }),
};
