import { createRouter, matchMaker } from '@colyseus/core';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ROLES } from '../../../protocol/src/access-rules';
import type { MeView, WorldInfo } from '../../../protocol/src/world-api';
import { inviteRequest } from '../auth/invites';
import type { ChainIndexer } from '../indexer/chain-indexer';
import { MarqueError } from '../../../protocol/src/errors';
import { MATCHMAKE_MAX_BODY_BYTES, UNKNOWN_ROUTE_MAX_BODY_BYTES, type RoutePolicy } from './http-guard';
import type { HttpServices } from './http-services';
import { RateLimiter } from './rate-limiter';
import { createRouteHelper, routePolicyOf } from './route';
import { createLaunchRoutes } from './launch-routes';
import { createOperationsRoutes } from '../operations/operations-routes';
import { createPassportRoutes } from './passport-routes';
import { createPasskeyRoutes } from '../accounts/passkey-routes';
import { createTwinRoutes } from './twin-routes';
import { createNotificationRoutes } from '../notifications/notification-routes';
import { createPrivacyRoutes } from '../privacy/privacy-routes';
import { createJourneyRoutes } from '../journey/journey-routes';
import { createBuildRoutes } from '../builds/build-routes';
import { createManualRoutes } from '../manuals/manual-routes';

const signInBody = z.object({
  message: z.string().min(1).max(4096),
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/, 'must be 0x-prefixed hex').max(65_536),
});

const redeemBody = z.object({ code: z.string().min(1).max(2048), token: z.string().max(4096).optional() });

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The server's HTTP API; documented in README "HTTP API". Every route goes through one helper
 * (./route.ts): limits, session, schema and the error shape. `limiter` is shared with the HTTP
 * guard (per-address limits before a body is read).
 */
export function createRoutes(services: HttpServices, limiter = new RateLimiter()) {
  const route = createRouteHelper({ tokens: services.tokens, limiter });
  return createRouter({
    healthz: route('/healthz', { method: 'GET', unit: 'health' }, async () => {
      const [chain, database, rooms] = await Promise.all([
        probe(async () => ({ chainId: services.chain.chainId, block: Number(await services.chain.blockNumber()) })),
        probe(async () => {
          await services.db.ping();
          return { kind: services.db.kind };
        }),
        probe(async () => {
          const list = await matchMaker.query({});
          return { count: list.length, clients: list.reduce((sum, room) => sum + room.clients, 0) };
        }),
      ]);
      const indexer = services.indexer ? indexerHealth(services.indexer) : undefined;
      const ok = chain.ok && database.ok && rooms.ok && (indexer?.ok ?? true);
      return Response.json(
        { status: ok ? 'ok' : 'degraded', chain, database, rooms, ...(indexer ? { indexer } : {}) },
        { status: ok ? 200 : 503 },
      );
    }),

    // The page's wallet connection to the chain (wagmi's transport), through the page's origin.
    rpc: route(
      '/rpc',
      { method: 'POST', unit: 'rpc', body: z.unknown(), bodyShape: 'a JSON-RPC 2.0 call or batch', maxBodyBytes: 256 * 1024 },
      async ({ body }) => services.rpc.handle(body),
    ),

    world: route('/api/world', { method: 'GET', unit: 'world' }, async () => ({
      chainId: services.chain.chainId,
      twinAddress: services.chain.twinAddress,
      passportAddress: services.twins.passport?.address,
      demoWallets: services.demoWallets ?? [],
    }) satisfies WorldInfo),

    nonce: route('/api/auth/nonce', { method: 'POST', unit: 'auth', limit: 'nonce', headers: NO_STORE }, async () => {
      const { nonce, expiresAt } = await services.siwe.issueNonce();
      return { nonce, expiresAt: expiresAt.toISOString() };
    }),

    verify: route(
      '/api/auth/verify',
      { method: 'POST', unit: 'auth', limit: 'signIn', body: signInBody, bodyShape: '{ message, signature }', maxBodyBytes: 8 * 1024, headers: NO_STORE },
      async ({ body }) => {
        const address = await services.siwe.verify({ message: body.message, signature: body.signature as `0x${string}` });
        const { token, expiresAt } = await services.tokens.issue(address);
        return { address, token, expiresAt: expiresAt.toISOString() };
      },
    ),

    refresh: route('/api/auth/refresh', { method: 'POST', unit: 'auth', auth: 'session', headers: NO_STORE }, async ({ session }) => {
      const { token, expiresAt } = await services.tokens.refresh(session);
      return { address: session.address, token, expiresAt: expiresAt.toISOString() };
    }),

    me: route('/api/me', { method: 'GET', unit: 'me', auth: 'wallet', headers: NO_STORE }, async ({ wallet }) => {
      const held = await Promise.all(ROLES.map(async (role) => ((await services.access.hasRole(role, wallet)) ? [role] : [])));
      return { address: wallet, roles: held.flat() } satisfies MeView;
    }),

    issueInvite: route(
      '/api/invites',
      { method: 'POST', unit: 'invites', auth: 'session', limit: 'write', body: inviteRequest, bodyShape: '{ scope, maxUses, validHours, note? }', status: 201 },
      async ({ session, body }) => {
        if (!session.address || !(await services.access.hasRole('brand-team', session.address))) {
          throw new MarqueError('invites', "only the brand team's accounts issue invitations", { status: 403, reason: 'not-allowed' });
        }
        const invite = await services.invites.issue(body, session.address);
        const url = new URL(services.publicUrl);
        url.searchParams.set('invite', invite.code);
        return { ...invite, expiresAt: invite.expiresAt.toISOString(), url: url.href };
      },
    ),

    redeemInvite: route(
      '/api/invites/redeem',
      { method: 'POST', unit: 'invites', limit: 'redeem', body: redeemBody, bodyShape: '{ code, token? }', maxBodyBytes: 8 * 1024, headers: NO_STORE },
      async ({ body }) => {
        // A signed-in visitor keeps their wallet and adds the scope; a guest gets a guest session.
        const current = body.token ? await services.tokens.verify(body.token) : undefined;
        const grant = await services.invites.redeem(body.code);
        const { token, expiresAt, scopes } = current
          ? await services.tokens.refresh(current, { add: [grant] })
          : await services.tokens.issue(`guest:${randomUUID()}`, { scopes: [grant] });
        return { address: current?.address, scope: grant.scope, scopes, token, expiresAt: expiresAt.toISOString() };
      },
    ),

    ...createTwinRoutes(services, route),
    ...createPassportRoutes(services, route),
    ...createPasskeyRoutes(services, route),
    ...createLaunchRoutes(services, route),
    ...createOperationsRoutes(services, route, services.operations),
    ...createNotificationRoutes(services.notifications, route),
    ...createJourneyRoutes(services, route),
    ...(services.builds ? createBuildRoutes({ access: services.access, builds: services.builds }, route) : {}),
    ...createManualRoutes(route),
    ...createPrivacyRoutes(services, route, services.privacy),
  });
}

/**
 * What the HTTP guard needs of a request before reading it: its route's body limit and rate
 * limit, from the route helper's options; Colyseus' matchmaking and unknown paths get theirs.
 */
export function routePolicies(router: { findRoute(method: string, path: string): { data?: unknown } | undefined }) {
  return (method: string, path: string): RoutePolicy => {
    const declared = routePolicyOf(router.findRoute(method, path)?.data);
    if (declared) return declared;
    if (path.startsWith('/matchmake/')) return { maxBodyBytes: MATCHMAKE_MAX_BODY_BYTES, limit: 'matchmake' };
    return { maxBodyBytes: UNKNOWN_ROUTE_MAX_BODY_BYTES };
  };
}

/** The indexer's part of `/healthz`: its last poll, without asking the chain again. */
function indexerHealth(indexer: ChainIndexer) {
  const { ok, head, indexed, lagBlocks, error } = indexer.status();
  return { ok, head, indexed, lagBlocks, ...(error ? { error } : {}) };
}

async function probe<T extends object>(check: () => Promise<T>): Promise<({ ok: true } & T) | { ok: false; error: string }> {
  try {
    return { ok: true, ...(await check()) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
