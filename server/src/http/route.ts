import { createEndpoint } from '@colyseus/core';
import type { Address } from 'viem';
import type { z } from 'zod';
import type { Session, SessionTokens } from '../auth/session-token';
import { MarqueError } from '../../../protocol/src/errors';
import { CLIENT_ADDRESS_HEADER, type RoutePolicy } from './http-guard';
import { badRequest, bearerToken, errorResponse, readJson } from './http-util';
import type { RateLimiter, RateLimitName } from './rate-limiter';

/**
 * Who may call a route: anyone (`none`); anyone, with the session when one is sent (`optional`:
 * an invalid one is still a 401); a session of a wallet or a guest (`session`); a wallet's session
 * (`wallet`).
 */
export type RouteAuth = 'none' | 'optional' | 'session' | 'wallet';

/** Body limit of a route that takes a JSON body and says nothing else: a few KiB is plenty for the API's bodies. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024;
/** Body limit of a route that reads none: room for a client that sends `{}` anyway, which is ignored. */
export const NO_BODY_MAX_BYTES = 256;

/** What a route declares; {@link RouteHelper} does the rest. */
export interface RouteOptions<Schema extends z.ZodType | undefined, Auth extends RouteAuth> {
  method: 'GET' | 'POST' | 'PUT';
  /** Unit its errors start with: `auth`, `invites`, `events`. */
  unit: string;
  /** Who may call it (default `none`); checked before the body. */
  auth?: Auth;
  /** The JSON body's schema; absent: the route reads no body. */
  body?: Schema;
  /** What the body must look like, for the 400's message: `{ message, signature }`. */
  bodyShape?: string;
  /** Most bytes of body, refused with 413 before they are read; default {@link DEFAULT_MAX_BODY_BYTES} with a body, else {@link NO_BODY_MAX_BYTES}. */
  maxBodyBytes?: number;
  /** A named rate limit (rate-limiter.ts): its per-address part before the body is read, its per-subject part once the session is known. */
  limit?: RateLimitName;
  /** Status of a successful answer that the handler returns as a value (default 200). */
  status?: number;
  /** Headers of a successful answer returned as a value (`cache-control`). */
  headers?: Record<string, string>;
}

/** What a route's handler gets: the request, checked. */
export interface RouteContext<Body, Auth extends RouteAuth> {
  request: Request;
  /** The path's parameters (`:id`), as sent: parse them (tokenIdParam …). */
  params: Record<string, string>;
  url: URL;
  body: Body;
  session: Auth extends 'session' | 'wallet' ? Session : Session | undefined;
  wallet: Auth extends 'wallet' ? Address : Address | undefined;
  /** The client's network address as the HTTP guard saw it (see TRUST_PROXY). */
  clientAddress: string;
}

type BodyOf<Schema> = Schema extends z.ZodType ? z.infer<Schema> : undefined;

/** Where route options are kept on the endpoint, for the HTTP guard to find before it reads a request. */
const POLICY_KEY = 'marquePolicy';

/**
 * The one helper every API route goes through: the per-address rate limit and the body size
 * (declared here, enforced by the HTTP guard before the body is read), the session, the
 * per-subject rate limit, the JSON body against its schema (and free of what the database cannot
 * store), then the handler; any error becomes the API's error shape `{ error, reason, details? }`
 * with its status. A handler returns a `Response` or a value to send as JSON.
 */
export function createRouteHelper(services: { tokens: SessionTokens; limiter: RateLimiter }) {
  return function route<Schema extends z.ZodType | undefined = undefined, Auth extends RouteAuth = 'none'>(
    path: string,
    options: RouteOptions<Schema, Auth>,
    handler: (ctx: RouteContext<BodyOf<Schema>, Auth>) => Promise<Response | unknown>,
  ) {
    const policy: RoutePolicy = {
      maxBodyBytes: options.maxBodyBytes ?? (options.body ? DEFAULT_MAX_BODY_BYTES : NO_BODY_MAX_BYTES),
      limit: options.limit,
    };
    return createEndpoint(
      path,
      // The body is read by the helper (readJson), so that a malformed one is a 400 in the API's shape.
      { method: options.method, disableBody: true, metadata: { [POLICY_KEY]: policy } },
      async (ctx) => {
        try {
          const request = ctx.request!;
          const clientAddress = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
          const session = await authenticate(services.tokens, request, options.auth ?? 'none', options.unit);
          if (options.limit && session) services.limiter.take(options.limit, 'perSubject', session.subject);
          let body: unknown;
          if (options.body) {
            const json = await readJson(request, options.unit, policy.maxBodyBytes);
            const parsed = options.body.safeParse(json);
            if (!parsed.success) {
              throw badRequest(options.unit, `the request body must be JSON ${options.bodyShape ?? 'as the README says'}`, parsed.error);
            }
            body = parsed.data;
          }
          const result = await handler({
            request,
            params: (ctx.params ?? {}) as Record<string, string>,
            url: new URL(request.url),
            body: body as BodyOf<Schema>,
            session: session as RouteContext<BodyOf<Schema>, Auth>['session'],
            wallet: session?.address as RouteContext<BodyOf<Schema>, Auth>['wallet'],
            clientAddress,
          });
          if (result instanceof Response) return result;
          return Response.json(result, { status: options.status ?? 200, headers: options.headers });
        } catch (error) {
          return errorResponse(error);
        }
      },
    );
  };
}

/** The helper's type, for the files that define routes with it. */
export type RouteHelper = ReturnType<typeof createRouteHelper>;

/** The route options an endpoint was made with (undefined for endpoints not made by the helper, e.g. Colyseus' own). */
export function routePolicyOf(endpoint: unknown): RoutePolicy | undefined {
  return (endpoint as { options?: { metadata?: Record<string, RoutePolicy> } } | undefined)?.options?.metadata?.[POLICY_KEY];
}

async function authenticate(tokens: SessionTokens, request: Request, auth: RouteAuth, unit: string): Promise<Session | undefined> {
  if (auth === 'none') return undefined;
  if (auth === 'optional' && !request.headers.get('authorization')) return undefined;
  const session = await tokens.verify(bearerToken(request));
  if (auth === 'wallet' && !session.address) {
    throw new MarqueError(unit, `this needs a wallet — sign in with your wallet (a guest's session cannot do this)`, {
      status: 401,
      reason: 'wallet-required',
    });
  }
  return session;
}
