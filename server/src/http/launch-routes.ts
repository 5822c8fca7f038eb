import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MarqueError } from '../../../protocol/src/errors';
import { joinOptions } from '../../../protocol/src/messages';
import { reportCsv } from '../launch/visit-log';
import { DEVICE_HEADER, deviceIdOf } from '../rooms/client-address';
import { reservedWordIn } from '../rooms/reserved-names';
import type { ServerTime } from '../../../protocol/src/launch';
import type { RouteHelper } from './route';
import type { HttpServices } from './http-services';

const NO_STORE = { 'cache-control': 'no-store' };

/** An overflow viewer's name on a question: as a room's join options allow; absent, a pseudonym. */
const askerName = joinOptions.shape.name;

/** Any JSON value: bodies the launch service validates itself (launch-input.ts), naming each bad field. */
const anyJson = z.unknown();

/** A question from the overflow tier: the launch service checks the question itself; `name` is optional. */
const questionBody = z.record(z.string(), z.unknown());

/**
 * Live launch events over HTTP (README "HTTP API"): the brand team's events, the host console's
 * cues, moderation, attendees, questions, live figures and report; attendees' badges; the
 * server's clock and guest sessions. The overflow tier's stream: ./binary-routes.ts.
 */
export function createLaunchRoutes(services: HttpServices, route: RouteHelper) {
  const { launch } = services;
  const eventId = (value: unknown) => {
    const id = String(value);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new MarqueError('events', `"${id.slice(0, 40)}" is not an event id`, {
        status: 400,
        reason: 'bad-request',
        details: 'event ids are 1–32 letters, digits, "_" or "-"',
      });
    }
    return id;
  };
  /** A host's write: a wallet session, the write limit, a JSON body the launch service validates. */
  const hostWrite = { unit: 'events', auth: 'wallet', limit: 'write', body: anyJson, bodyShape: 'as the README says' } as const;

  return {
    time: route('/api/time', { method: 'GET', unit: 'time', headers: NO_STORE }, async () => ({ now: Date.now() }) satisfies ServerTime),

    guestSession: route('/api/auth/guest', { method: 'POST', unit: 'auth', limit: 'guest', headers: NO_STORE }, async () => {
      const { token, expiresAt } = await services.tokens.issue(`guest:${randomUUID()}`, { scopes: [] });
      return { token, expiresAt: expiresAt.toISOString(), scopes: [] };
    }),

    listEvents: route('/api/events', { method: 'GET', unit: 'events', headers: NO_STORE }, async () => launch.store.list()),

    createEvent: route('/api/events', { method: 'POST', ...hostWrite, maxBodyBytes: 16 * 1024, status: 201 }, async ({ wallet, body }) => {
      if (!(await services.access.hasRole('brand-team', wallet))) {
        throw new MarqueError('events', `${wallet} does not hold BRAND_TEAM_ROLE; only the brand team creates launches`, { status: 403, reason: 'not-brand-team' });
      }
      return launch.events.create(body, wallet);
    }),

    getEvent: route('/api/events/:id', { method: 'GET', unit: 'events', headers: NO_STORE }, async ({ params }) => launch.store.require(eventId(params.id))),

    updateEvent: route('/api/events/:id', { method: 'PUT', ...hostWrite, maxBodyBytes: 16 * 1024 }, async ({ params, body, wallet }) =>
      launch.events.update(eventId(params.id), body, wallet),
    ),

    cue: route('/api/events/:id/cue', { method: 'POST', ...hostWrite }, async ({ params, body, wallet }) => launch.show.cue(eventId(params.id), body, wallet)),

    moderate: route('/api/events/:id/moderation', { method: 'POST', ...hostWrite }, async ({ params, body, wallet }) => {
      await launch.show.moderate(eventId(params.id), body, wallet);
      return { ok: true };
    }),

    attendees: route('/api/events/:id/attendees', { method: 'GET', unit: 'events', auth: 'wallet', headers: NO_STORE }, async ({ params, wallet }) => {
      const id = eventId(params.id);
      await launch.store.requireHost(id, wallet);
      return launch.audience.attendees(id);
    }),

    questions: route('/api/events/:id/questions', { method: 'GET', unit: 'events', headers: NO_STORE }, async ({ params }) => {
      const id = eventId(params.id);
      await launch.store.require(id);
      return launch.store.questions(id);
    }),

    ask: route(
      '/api/events/:id/questions',
      { method: 'POST', unit: 'events', auth: 'session', limit: 'question', body: questionBody, bodyShape: '{ text, name? }', status: 201 },
      async ({ params, session, body, request, clientAddress }) => {
        const id = eventId(params.id);
        const event = await launch.store.require(id);
        // Quotas and a guest's ban count its network and device (rooms and launch units).
        const origin = { network: clientAddress, device: deviceIdOf(request.headers.get(DEVICE_HEADER)) };
        await launch.audience.admit(event, session.subject, { address: session.address, inviteScopes: session.scopes }, origin);
        const named = askerName.safeParse(body.name);
        const name = named.success && named.data ? named.data : `Viewer ${session.subject.slice(-4)}`;
        const reserved = reservedWordIn(name);
        if (reserved && !(session.address && (await services.access.hasRole('brand-team', session.address)))) {
          throw new MarqueError('events', `the name "${name}" is kept for Marque's staff (it reads as "${reserved}"); choose another name`, { status: 400, reason: 'reserved-name' });
        }
        const { name: _name, ...question } = body;
        await launch.questions.ask(id, session.subject, { sessionId: session.subject, name, address: session.address, room: 'overflow' }, question, origin);
        return launch.store.questions(id);
      },
    ),

    answered: route('/api/events/:id/questions/:qid/answered', { method: 'POST', unit: 'events', auth: 'wallet', limit: 'write' }, async ({ params, wallet }) => {
      const questionId = Number(params.qid);
      if (!/^\d{1,15}$/.test(params.qid ?? '') || !Number.isSafeInteger(questionId) || questionId < 1) {
        throw new MarqueError('events', `"${String(params.qid).slice(0, 40)}" is not a question id`, { status: 400, reason: 'bad-request', details: 'question ids are whole numbers from 1' });
      }
      return launch.questions.markAnswered(eventId(params.id), questionId, wallet);
    }),

    live: route('/api/events/:id/live', { method: 'GET', unit: 'events', auth: 'wallet', headers: NO_STORE }, async ({ params, wallet }) =>
      launch.audience.live(eventId(params.id), wallet),
    ),

    report: route('/api/events/:id/report', { method: 'GET', unit: 'events', auth: 'wallet', headers: NO_STORE }, async ({ params, wallet, url }) => {
      const id = eventId(params.id);
      const event = await launch.store.requireHost(id, wallet);
      const report = await launch.visits.report(id, event.title);
      if (url.searchParams.get('format') === 'csv') {
        return new Response(reportCsv(report), {
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="launch-${id}-report.csv"`, ...NO_STORE },
        });
      }
      return report;
    }),

    badge: route('/api/events/:id/badge', { method: 'POST', unit: 'events', auth: 'wallet', limit: 'write' }, async ({ params, wallet }) =>
      launch.badges.badge(eventId(params.id), wallet),
    ),
  };
}
