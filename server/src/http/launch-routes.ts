import { randomUUID } from 'node:crypto';
import { createEndpoint } from '@colyseus/core';
import type { Address } from 'viem';
import { MarqueError } from '../errors';
import { joinOptions } from '../protocol/messages';
import { reportCsv } from '../launch/visit-log';
import type { ServerTime } from '../protocol/launch';
import { answer, bearerToken, readJson, sessionWallet } from './http-util';
import type { HttpServices } from './routes';

const NO_STORE = { 'cache-control': 'no-store' };

/** An overflow viewer's name on a question: as a room's join options allow; absent, a pseudonym. */
const askerName = joinOptions.shape.name;

/**
 * Live launch events over HTTP (README "HTTP API"): the brand team's events, the host console's
 * cues, moderation, attendees, questions, live figures and report; attendees' badges; the
 * server's clock and guest sessions. The overflow tier's stream: ./binary-routes.ts.
 */
export function createLaunchRoutes(services: HttpServices) {
  const { launch } = services;
  const host = async (request: Request | undefined): Promise<Address> => sessionWallet(services.tokens, request, 'events');
  const eventId = (value: unknown) => {
    const id = String(value);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new MarqueError(`events: "${id.slice(0, 40)}" is not an event id`, { status: 400, reason: 'bad-request' });
    return id;
  };

  return {
    time: createEndpoint('/api/time', { method: 'GET' }, async () => Response.json({ now: Date.now() } satisfies ServerTime, { headers: NO_STORE })),

    guestSession: createEndpoint('/api/auth/guest', { method: 'POST' }, async () =>
      answer(async () => {
        const { token, expiresAt } = await services.tokens.issue(`guest:${randomUUID()}`, { scopes: [] });
        return Response.json({ token, expiresAt: expiresAt.toISOString(), scopes: [] }, { headers: NO_STORE });
      }),
    ),

    listEvents: createEndpoint('/api/events', { method: 'GET' }, async () => answer(async () => Response.json(await launch.store.list(), { headers: NO_STORE }))),

    createEvent: createEndpoint('/api/events', { method: 'POST', disableBody: true }, async (ctx) =>
      answer(async () => {
        const wallet = await host(ctx.request);
        if (!(await services.access.hasRole('brand-team', wallet))) {
          throw new MarqueError(`events: ${wallet} does not hold BRAND_TEAM_ROLE; only the brand team creates launches`, { status: 403, reason: 'not-brand-team' });
        }
        return Response.json(await launch.create(await readJson(ctx.request, 'events'), wallet), { status: 201 });
      }),
    ),

    getEvent: createEndpoint('/api/events/:id', { method: 'GET' }, async (ctx) =>
      answer(async () => Response.json(await launch.store.require(eventId(ctx.params.id)), { headers: NO_STORE })),
    ),

    updateEvent: createEndpoint('/api/events/:id', { method: 'PUT', disableBody: true }, async (ctx) =>
      answer(async () => Response.json(await launch.update(eventId(ctx.params.id), await readJson(ctx.request, 'events'), await host(ctx.request)))),
    ),

    cue: createEndpoint('/api/events/:id/cue', { method: 'POST', disableBody: true }, async (ctx) =>
      answer(async () => Response.json(await launch.cue(eventId(ctx.params.id), await readJson(ctx.request, 'events'), await host(ctx.request)))),
    ),

    moderate: createEndpoint('/api/events/:id/moderation', { method: 'POST', disableBody: true }, async (ctx) =>
      answer(async () => {
        await launch.moderate(eventId(ctx.params.id), await readJson(ctx.request, 'events'), await host(ctx.request));
        return Response.json({ ok: true });
      }),
    ),

    attendees: createEndpoint('/api/events/:id/attendees', { method: 'GET' }, async (ctx) =>
      answer(async () => {
        const id = eventId(ctx.params.id);
        await launch.requireHost(id, await host(ctx.request));
        return Response.json(await launch.attendees(id), { headers: NO_STORE });
      }),
    ),

    questions: createEndpoint('/api/events/:id/questions', { method: 'GET' }, async (ctx) =>
      answer(async () => {
        const id = eventId(ctx.params.id);
        await launch.store.require(id);
        return Response.json(await launch.store.questions(id), { headers: NO_STORE });
      }),
    ),

    ask: createEndpoint('/api/events/:id/questions', { method: 'POST', disableBody: true }, async (ctx) =>
      answer(async () => {
        const id = eventId(ctx.params.id);
        const event = await launch.store.require(id);
        const session = await services.tokens.verify(bearerToken(ctx.request));
        await launch.admit(event, session.subject, { address: session.address, inviteScopes: session.scopes });
        const body = await readJson(ctx.request, 'events');
        const named = askerName.safeParse((body as { name?: unknown } | null)?.name);
        const name = named.success && named.data ? named.data : `Viewer ${session.subject.slice(-4)}`;
        const { name: _name, ...question } = (body ?? {}) as Record<string, unknown>;
        await launch.ask(id, session.subject, { sessionId: session.subject, name, address: session.address, room: 'overflow' }, question);
        return Response.json(await launch.store.questions(id), { status: 201 });
      }),
    ),

    answered: createEndpoint('/api/events/:id/questions/:qid/answered', { method: 'POST' }, async (ctx) =>
      answer(async () => {
        const questionId = Number(ctx.params.qid);
        if (!Number.isSafeInteger(questionId) || questionId < 1) {
          throw new MarqueError(`events: "${ctx.params.qid}" is not a question id`, { status: 400, reason: 'bad-request' });
        }
        return Response.json(await launch.markAnswered(eventId(ctx.params.id), questionId, await host(ctx.request)));
      }),
    ),

    live: createEndpoint('/api/events/:id/live', { method: 'GET' }, async (ctx) =>
      answer(async () => Response.json(await launch.live(eventId(ctx.params.id), await host(ctx.request)), { headers: NO_STORE })),
    ),

    report: createEndpoint('/api/events/:id/report', { method: 'GET' }, async (ctx) =>
      answer(async () => {
        const id = eventId(ctx.params.id);
        const event = await launch.requireHost(id, await host(ctx.request));
        const report = await launch.visits.report(id, event.title);
        if (new URL(ctx.request!.url).searchParams.get('format') === 'csv') {
          return new Response(reportCsv(report), {
            headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="launch-${id}-report.csv"`, ...NO_STORE },
          });
        }
        return Response.json(report, { headers: NO_STORE });
      }),
    ),

    badge: createEndpoint('/api/events/:id/badge', { method: 'POST' }, async (ctx) =>
      answer(async () => Response.json(await launch.badge(eventId(ctx.params.id), await sessionWallet(services.tokens, ctx.request, 'events')))),
    ),
  };
}
