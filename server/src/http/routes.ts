import { createEndpoint, createRouter, matchMaker } from '@colyseus/core';
import type { Address } from 'viem';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccessControl } from '../access/access-control';
import { ROLES, type Role } from '../access/rules';
import { inviteRequest, type InviteService } from '../auth/invites';
import type { SessionTokens } from '../auth/session-token';
import type { SiweService } from '../auth/siwe';
import type { WorldManifest } from '../../../pipelines/src/session';
import type { Chain } from '../chain/chain';
import type { Database } from '../db/database';
import type { ChainIndexer } from '../indexer/chain-indexer';
import type { LaunchService } from '../launch/launch-service';
import { MarqueError } from '../errors';
import type { TwinServices } from '../twins/twin-services';
import { answer, badRequest, bearerToken, errorResponse, sessionWallet } from './http-util';
import { createLaunchRoutes } from './launch-routes';
import { createPassportRoutes } from './passport-routes';
import { createTwinRoutes } from './twin-routes';

/** A wallet offered for signing in on a local development chain. */
export interface DemoWallet {
  address: Address;
  label: string;
}

/** Body of `GET /api/me`: who the session is and the roles the chain gives that wallet. */
export interface MeView {
  address: Address;
  roles: Role[];
}

/** Body of `GET /api/world`: what the client needs before wagmi can start. */
export interface WorldInfo {
  chainId: number;
  twinAddress: Address;
  /** MarquePassport, whose EIP-712 domain dealers sign service records in; absent when not configured. */
  passportAddress?: Address;
  demoWallets: DemoWallet[];
}

/** What the HTTP API needs. */
export interface HttpServices {
  db: Database;
  chain: Chain;
  siwe: SiweService;
  tokens: SessionTokens;
  invites: InviteService;
  access: AccessControl;
  /** The chain index (twins, stages, passports, profiles, passes); absent in tests that build services by hand. */
  indexer?: ChainIndexer;
  /** Present only on a local chain: its unlocked demo owners, so newcomers can sign in without an extension. */
  demoWallets?: DemoWallet[];
  /** The published assets (what `npm run assets` wrote), to link a twin to its glb. */
  manifest: () => Promise<WorldManifest | undefined>;
  /** Origin visitors open, for absolute links in token metadata. */
  publicUrl: string;
  /** Off-chain twin data (configurations, showcases, record details), the cars' glbs, the passport relayer. */
  twins: TwinServices;
  /** Live launch events: their rooms, routes and shows. */
  launch: LaunchService;
}

const signInBody = z.object({
  message: z.string().min(1).max(4096),
  signature: z.string().regex(/^0x[0-9a-fA-F]+$/, 'must be 0x-prefixed hex'),
});

/** The server's HTTP API; documented in README "HTTP API". */
export function createRoutes(services: HttpServices) {
  return createRouter({
    healthz: createEndpoint('/healthz', { method: 'GET' }, async () => {
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

    world: createEndpoint('/api/world', { method: 'GET' }, async () =>
      Response.json({
        chainId: services.chain.chainId,
        twinAddress: services.chain.twinAddress,
        passportAddress: services.twins.passport?.address,
        demoWallets: services.demoWallets ?? [],
      } satisfies WorldInfo),
    ),

    nonce: createEndpoint('/api/auth/nonce', { method: 'POST' }, async () => {
      const { nonce, expiresAt } = await services.siwe.issueNonce();
      return Response.json({ nonce, expiresAt: expiresAt.toISOString() }, { headers: { 'cache-control': 'no-store' } });
    }),

    verify: createEndpoint('/api/auth/verify', { method: 'POST' }, async (ctx) => {
      const parsed = signInBody.safeParse(ctx.body);
      if (!parsed.success) {
        return errorResponse(
          new MarqueError('auth: the request body must be JSON { message, signature }', {
            status: 400,
            reason: 'bad-request',
            details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          }),
        );
      }
      try {
        const address = await services.siwe.verify({
          message: parsed.data.message,
          signature: parsed.data.signature as `0x${string}`,
        });
        const { token, expiresAt } = await services.tokens.issue(address);
        return Response.json({ address, token, expiresAt: expiresAt.toISOString() });
      } catch (error) {
        return errorResponse(error);
      }
    }),

    refresh: createEndpoint('/api/auth/refresh', { method: 'POST' }, async (ctx) => {
      try {
        const session = await services.tokens.verify(bearerToken(ctx.request));
        const { token, expiresAt } = await services.tokens.issue(session.subject, { scopes: session.scopes });
        return Response.json({ address: session.address, token, expiresAt: expiresAt.toISOString() });
      } catch (error) {
        return errorResponse(error);
      }
    }),

    me: createEndpoint('/api/me', { method: 'GET' }, async (ctx) =>
      answer(async () => {
        const address = await sessionWallet(services.tokens, ctx.request, 'me');
        const held = await Promise.all(ROLES.map(async (role) => ((await services.access.hasRole(role, address)) ? [role] : [])));
        return Response.json({ address, roles: held.flat() } satisfies MeView, { headers: { 'cache-control': 'no-store' } });
      }),
    ),

    issueInvite: createEndpoint('/api/invites', { method: 'POST' }, async (ctx) => {
      try {
        const session = await services.tokens.verify(bearerToken(ctx.request));
        if (!session.address || !(await services.access.hasRole('brand-team', session.address))) {
          throw new MarqueError("invites: only the brand team's accounts issue invitations", { status: 403, reason: 'not-allowed' });
        }
        const parsed = inviteRequest.safeParse(ctx.body);
        if (!parsed.success) throw badRequest('invites: the request body must be JSON { scope, maxUses, validHours, note? }', parsed.error);
        const invite = await services.invites.issue(parsed.data, session.address);
        const url = new URL(services.publicUrl);
        url.searchParams.set('invite', invite.code);
        return Response.json({ ...invite, expiresAt: invite.expiresAt.toISOString(), url: url.href }, { status: 201 });
      } catch (error) {
        return errorResponse(error);
      }
    }),

    redeemInvite: createEndpoint('/api/invites/redeem', { method: 'POST' }, async (ctx) => {
      try {
        const parsed = redeemBody.safeParse(ctx.body);
        if (!parsed.success) throw badRequest('invites: the request body must be JSON { code, token? }', parsed.error);
        // A signed-in visitor keeps their wallet and adds the scope; a guest gets a guest session.
        const current = parsed.data.token ? await services.tokens.verify(parsed.data.token) : undefined;
        const scope = await services.invites.redeem(parsed.data.code);
        const scopes = [...new Set([...(current?.scopes ?? []), scope])];
        const { token, expiresAt } = await services.tokens.issue(current?.subject ?? `guest:${randomUUID()}`, { scopes });
        return Response.json({ address: current?.address, scope, scopes, token, expiresAt: expiresAt.toISOString() });
      } catch (error) {
        return errorResponse(error);
      }
    }),

    ...createTwinRoutes(services),
    ...createPassportRoutes(services),
    ...createLaunchRoutes(services),
  });
}

const redeemBody = z.object({ code: z.string().min(1).max(2048), token: z.string().max(4096).optional() });

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
