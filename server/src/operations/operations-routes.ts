import { z } from 'zod';
import type { Address } from 'viem';
import { MarqueError } from '../../../protocol/src/errors';
import {
  apiKeyInput,
  dealerInput,
  orderInput,
  passesInput,
  stagesInput,
  walletInput,
  webhookInput,
  type ApiKeyScope,
  type StaffView,
} from '../../../protocol/src/operations-api';
import { TWIN_STAGES } from '../../../protocol/src/contracts/contract-types';
import type { HttpServices } from '../http/http-services';
import { bearerToken, tokenIdParam } from '../http/http-util';
import type { RouteHelper } from '../http/route';
import { API_KEY_PREFIX } from './api-keys';
import { IDEMPOTENCY_HEADER } from './idempotency';
import { jobView } from './operations-service';
import type { Operations } from './operations';

/** A console role, as {@link StaffView} names them. */
type StaffRole = Exclude<keyof StaffView, 'address'>;

/**
 * Who may call an operation: an API key with `scope` (absent: no key may), or a staff wallet
 * holding `role` on the contracts. Reads take any key (`read` included) and any staff role.
 */
interface Permission {
  scope?: ApiKeyScope;
  role: StaffRole;
}

/** One operation of the API: what the route validates and what the OpenAPI document says, from one place. */
export interface OperationSpec {
  name: string;
  method: 'GET' | 'POST';
  /** Path with `:param`s. */
  path: string;
  summary: string;
  /** Absent: public. */
  permission?: Permission | 'read';
  body?: z.ZodType;
  /** Status of success. */
  status?: number;
  run: (ctx: OperationContext) => Promise<unknown>;
}

/** What an operation's handler gets. */
export interface OperationContext {
  ops: Operations;
  services: HttpServices;
  params: Record<string, string>;
  url: URL;
  body: unknown;
  /** `key:<id>` or the wallet's address. */
  actor: string;
  /** The wallet of a console session (absent for an API key). */
  wallet?: Address;
}

/** The operations API: every route, with its schema, permission and handler. Documented in README "Operations API" and `GET /api/openapi.json`. */
export const OPERATIONS: OperationSpec[] = [
  {
    name: 'opsMe',
    method: 'GET',
    path: '/api/ops/me',
    summary: 'What the caller may do: a staff wallet\'s console roles, or an API key\'s scopes',
    permission: 'read',
    run: async ({ ops, wallet, actor }) => (wallet ? { kind: 'wallet', ...(await ops.service.staff(wallet)) } : { kind: 'key', id: actor.slice(4) }),
  },
  {
    name: 'confirmOrder',
    method: 'POST',
    path: '/api/ops/orders',
    summary: 'Confirm an order: the configuration checked and registered, the twin minted to the owner (or an owner invitation\'s passkey account)',
    permission: { scope: 'orders', role: 'orders' },
    body: orderInput,
    status: 202,
    run: ({ ops, body, actor }) => ops.service.confirmOrder(body as z.infer<typeof orderInput>, actor),
  },
  {
    name: 'listOrders',
    method: 'GET',
    path: '/api/ops/orders',
    summary: 'Orders, newest first, with their state (minting, minted, failed)',
    permission: 'read',
    run: ({ ops, url }) => ops.service.orders({ state: (url.searchParams.get('state') ?? undefined) as 'minting' | undefined }),
  },
  {
    name: 'getOrder',
    method: 'GET',
    path: '/api/ops/orders/:id',
    summary: 'One order',
    permission: 'read',
    run: ({ ops, params }) => ops.service.order(numericParam(params.id, 'order')),
  },
  {
    name: 'retryOrder',
    method: 'POST',
    path: '/api/ops/orders/:id/retry',
    summary: 'Retry a failed order\'s mint',
    permission: { scope: 'orders', role: 'orders' },
    run: ({ ops, params, actor }) => ops.service.retryOrder(numericParam(params.id, 'order'), actor),
  },
  {
    name: 'setStages',
    method: 'POST',
    path: '/api/ops/stages',
    summary: 'Move twins to their next production stage, each with the date it happened (several at once; none skipped, none back)',
    permission: { scope: 'stages', role: 'stages' },
    body: stagesInput,
    status: 202,
    run: ({ ops, body, actor }) => ops.service.setStages(body as z.infer<typeof stagesInput>, actor),
  },
  {
    name: 'twinStages',
    method: 'GET',
    path: '/api/ops/twins/:id/stages',
    summary: 'A twin\'s stage history: when each stage was written on chain and when the factory says it happened',
    permission: 'read',
    run: async ({ ops, services, params }) => {
      const tokenId = tokenIdParam(params.id, 'operations');
      const twin = await services.index?.twin(tokenId);
      if (!twin) throw new MarqueError('operations', `there is no twin ${tokenId} (or it was minted a moment ago)`, { status: 404, reason: 'unknown-twin' });
      const dates = new Map((await ops.service.stageDates(tokenId)).map((d) => [d.stage, d.happenedAt]));
      return {
        tokenId: tokenId.toString(),
        owner: twin.owner,
        model: twin.model,
        stage: twin.stageName,
        stages: twin.stages.map((s) => ({ stage: s.stageName, at: s.at.toISOString(), transactionHash: s.transactionHash, ...(dates.has(s.stageName) ? { happenedAt: dates.get(s.stageName) } : {}) })),
        next: TWIN_STAGES[twin.stage + 1] ?? null,
      };
    },
  },
  {
    name: 'listAddOns',
    method: 'GET',
    path: '/api/ops/addons',
    summary: 'The add-on catalogue: what each sets on a car, the cars it fits, and whether it is approved on chain',
    permission: 'read',
    run: ({ ops }) => ops.service.addOns(),
  },
  {
    name: 'approveAddOn',
    method: 'POST',
    path: '/api/ops/addons/:code/approve',
    summary: 'Approve a catalogue add-on on MarqueTwin, so owners may apply it (console only)',
    permission: { role: 'addOns' },
    status: 202,
    run: ({ ops, params, actor }) => ops.service.setAddOn(params.code ?? '', true, actor),
  },
  {
    name: 'withdrawAddOn',
    method: 'POST',
    path: '/api/ops/addons/:code/withdraw',
    summary: 'Withdraw an add-on: no new applications, the cars that have it keep it (console only)',
    permission: { role: 'addOns' },
    status: 202,
    run: ({ ops, params, actor }) => ops.service.setAddOn(params.code ?? '', false, actor),
  },
  {
    name: 'registerDealer',
    method: 'POST',
    path: '/api/ops/dealers',
    summary: 'Register a dealer or service centre (name, city) and grant it the dealer role on MarquePassport',
    permission: { scope: 'records', role: 'people' },
    body: dealerInput,
    status: 201,
    run: ({ ops, body, actor }) => ops.service.registerDealer(body as z.infer<typeof dealerInput>, actor),
  },
  {
    name: 'revokeDealer',
    method: 'POST',
    path: '/api/ops/dealers/:address/revoke',
    summary: 'Revoke a dealer\'s role (its name stays on the records it signed)',
    permission: { scope: 'records', role: 'people' },
    run: ({ ops, params, actor }) => ops.service.revokeDealer(addressParam(params.address), actor),
  },
  {
    name: 'issueProfile',
    method: 'POST',
    path: '/api/ops/profiles',
    summary: 'Issue an owner profile (MarqueOwnerProfile) to a wallet',
    permission: { scope: 'records', role: 'people' },
    body: walletInput,
    status: 202,
    run: ({ ops, body, actor }) => ops.service.issueProfile((body as { address: string }).address, actor),
  },
  {
    name: 'grantBrandTeam',
    method: 'POST',
    path: '/api/ops/brand-team',
    summary: 'Grant the brand team\'s role (console only)',
    permission: { role: 'people' },
    body: walletInput,
    status: 202,
    run: ({ ops, body, actor }) => ops.service.setBrandTeam((body as { address: string }).address, true, actor),
  },
  {
    name: 'revokeBrandTeam',
    method: 'POST',
    path: '/api/ops/brand-team/:address/revoke',
    summary: 'Revoke the brand team\'s role (console only)',
    permission: { role: 'people' },
    status: 202,
    run: ({ ops, params, actor }) => ops.service.setBrandTeam(addressParam(params.address), false, actor),
  },
  {
    name: 'issuePasses',
    method: 'POST',
    path: '/api/ops/passes',
    summary: 'Access passes for a launch: minted to wallets, and invitation codes for people without one',
    permission: { scope: 'passes', role: 'brandTeam' },
    body: passesInput,
    status: 201,
    run: ({ ops, body, actor }) => ops.service.issuePasses(body as Required<z.infer<typeof passesInput>>, actor, ops.issuer),
  },
  {
    name: 'listJobs',
    method: 'GET',
    path: '/api/ops/jobs',
    summary: 'The transaction queue\'s jobs, newest first (`?state=failed,reverted` for those to look at)',
    permission: 'read',
    run: async ({ ops, url }) => {
      const states = url.searchParams.get('state')?.split(',').filter((s) => ['queued', 'sent', 'mined', 'reverted', 'failed'].includes(s));
      return { counts: await ops.queue.counts(), jobs: (await ops.queue.list({ states: states as never, limit: 200 })).map(jobView) };
    },
  },
  {
    name: 'retryJob',
    method: 'POST',
    path: '/api/ops/jobs/:id/retry',
    summary: 'Send a reverted or failed job again (console only)',
    permission: { role: 'brandTeam' },
    run: async ({ ops, params, actor }) => {
      const job = await ops.queue.retry(numericParam(params.id, 'job'));
      await ops.audit.record({ actor, action: 'job.retried', subject: `job ${job.id}`, details: { label: job.label }, jobId: job.id });
      return jobView(job);
    },
  },
  {
    name: 'auditLog',
    method: 'GET',
    path: '/api/ops/audit',
    summary: 'Who did what and when, with each chain write\'s transaction',
    permission: { role: 'brandTeam', scope: 'read' },
    run: ({ ops, url }) => ops.audit.list({ before: url.searchParams.has('before') ? Number(url.searchParams.get('before')) : undefined }),
  },
  {
    name: 'createKey',
    method: 'POST',
    path: '/api/ops/keys',
    summary: 'Make an integration API key with scopes; the key is shown in this answer only (console only)',
    permission: { role: 'brandTeam' },
    body: apiKeyInput,
    status: 201,
    run: async ({ ops, body, actor }) => {
      const { name, scopes } = body as z.infer<typeof apiKeyInput>;
      const made = await ops.keys.create(name, scopes, actor);
      await ops.audit.record({ actor, action: 'key.created', subject: `key ${made.view.id}`, details: { name, scopes } });
      return { ...made.view, key: made.key };
    },
  },
  {
    name: 'listKeys',
    method: 'GET',
    path: '/api/ops/keys',
    summary: 'API keys with their scopes and last use (never their secrets; console only)',
    permission: { role: 'brandTeam' },
    run: ({ ops }) => ops.keys.list(),
  },
  {
    name: 'revokeKey',
    method: 'POST',
    path: '/api/ops/keys/:id/revoke',
    summary: 'Revoke an API key: its next request is refused (console only)',
    permission: { role: 'brandTeam' },
    run: async ({ ops, params, actor }) => {
      const view = await ops.keys.revoke(params.id ?? '', actor);
      await ops.audit.record({ actor, action: 'key.revoked', subject: `key ${view.id}` });
      return view;
    },
  },
  {
    name: 'subscribeWebhook',
    method: 'POST',
    path: '/api/ops/webhooks',
    summary: 'Subscribe a URL to event types; the signing secret is shown in this answer only (console only)',
    permission: { role: 'brandTeam' },
    body: webhookInput,
    status: 201,
    run: async ({ ops, body, actor }) => {
      const { url, events } = body as z.infer<typeof webhookInput>;
      const made = await ops.webhooks.subscribe(url, events, actor);
      await ops.audit.record({ actor, action: 'webhook.subscribed', subject: made.id, details: { url, events } });
      return made;
    },
  },
  {
    name: 'listWebhooks',
    method: 'GET',
    path: '/api/ops/webhooks',
    summary: 'Webhook subscriptions (console only)',
    permission: { role: 'brandTeam' },
    run: ({ ops }) => ops.webhooks.list(),
  },
  {
    name: 'revokeWebhook',
    method: 'POST',
    path: '/api/ops/webhooks/:id/revoke',
    summary: 'End a subscription (console only)',
    permission: { role: 'brandTeam' },
    run: async ({ ops, params, actor }) => {
      await ops.webhooks.revoke(params.id ?? '');
      await ops.audit.record({ actor, action: 'webhook.revoked', subject: params.id ?? '' });
      return { ok: true };
    },
  },
  {
    name: 'listDeliveries',
    method: 'GET',
    path: '/api/ops/deliveries',
    summary: 'Webhook deliveries with every attempt\'s answer (`?subscription=wh_…`; console only)',
    permission: { role: 'brandTeam' },
    run: ({ ops, url }) => ops.webhooks.deliveries({ subscriptionId: url.searchParams.get('subscription') ?? undefined }),
  },
  {
    name: 'replayDelivery',
    method: 'POST',
    path: '/api/ops/deliveries/:id/replay',
    summary: 'Send a delivery again, the same event signed anew (console only)',
    permission: { role: 'brandTeam' },
    run: async ({ ops, params, actor }) => {
      const delivery = await ops.webhooks.replay(numericParam(params.id, 'delivery'));
      await ops.audit.record({ actor, action: 'delivery.replayed', subject: `delivery ${delivery.id}`, details: { eventId: delivery.eventId } });
      return delivery;
    },
  },
  {
    name: 'dealers',
    method: 'GET',
    path: '/api/dealers',
    summary: 'Registered dealers and service centres: who each address on a passport is (public)',
    run: ({ ops }) => ops.service.dealers(),
  },
];

/** Most bytes of an operations request body (fifty stage changes fit). */
const OPS_MAX_BODY_BYTES = 32 * 1024;

/**
 * The operations API's routes, through the one route helper (limits, body schema, error shape);
 * each authenticates its caller (an API key, or a staff wallet's session and its roles on chain),
 * and every write runs under its Idempotency-Key. Absent `ops` (no relayer): every route answers 503.
 */
export function createOperationsRoutes(services: HttpServices, route: RouteHelper, ops: Operations | undefined) {
  const routes: Record<string, ReturnType<RouteHelper>> = {};
  for (const spec of OPERATIONS) {
    routes[spec.name] = route(
      spec.path,
      {
        method: spec.method,
        unit: 'operations',
        body: spec.body,
        bodyShape: 'as GET /api/openapi.json describes',
        maxBodyBytes: spec.method === 'POST' ? OPS_MAX_BODY_BYTES : undefined,
        limit: spec.method === 'POST' ? 'write' : undefined,
        headers: { 'cache-control': 'no-store' },
      },
      async ({ request, params, url, body }) => {
        if (!ops) {
          throw new MarqueError('operations', 'operations are not configured on this server — set RELAYER_PRIVATE_KEY (an account holding the marque\'s roles)', {
            status: 503,
            reason: 'operations-unavailable',
          });
        }
        const caller = spec.permission ? await authorise(services, ops, request, spec.permission) : { actor: 'public' };
        const ctx: OperationContext = { ops, services, params, url, body, actor: caller.actor, wallet: caller.wallet };
        if (spec.method === 'GET') return Response.json(await spec.run(ctx), { headers: { 'cache-control': 'no-store' } });
        const answer = await ops.idempotency.run(caller.actor, request.headers.get(IDEMPOTENCY_HEADER), { path: url.pathname, body }, async () => ({
          status: spec.status ?? 200,
          body: await spec.run(ctx),
        }));
        return Response.json(answer.body, { status: answer.status, headers: { 'cache-control': 'no-store', ...(answer.replayed ? { 'idempotent-replayed': 'true' } : {}) } });
      },
    );
  }
  routes.openapi = route('/api/openapi.json', { method: 'GET', unit: 'operations', headers: { 'access-control-allow-origin': '*' } }, async () => openApiDocument(services.publicUrl));
  return routes;
}

/** Who is calling, and whether they may: an API key with the scope, or a staff wallet with the role. */
async function authorise(services: HttpServices, ops: Operations, request: Request, permission: Permission | 'read'): Promise<{ actor: string; wallet?: Address }> {
  const token = bearerToken(request);
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await ops.keys.verify(token);
    const scope = permission === 'read' ? 'read' : permission.scope;
    const allowed = permission === 'read' ? true : scope !== undefined && (key.scopes.includes(scope) || (scope === 'read' && key.scopes.length > 0));
    if (!allowed) {
      throw new MarqueError('operations', scope ? `the API key "${key.name}" lacks the "${scope}" scope (it has ${key.scopes.join(', ')})` : 'this is done in the staff console, not with an API key', {
        status: 403,
        reason: 'scope-missing',
      });
    }
    return { actor: `key:${key.id}` };
  }
  const session = await services.tokens.verify(token);
  if (!session.address) {
    throw new MarqueError('operations', 'the staff console needs a wallet — sign in with a staff wallet', { status: 401, reason: 'wallet-required' });
  }
  const staff = await ops.service.staff(session.address);
  const allowed = permission === 'read' ? staff.orders || staff.stages || staff.addOns || staff.people || staff.brandTeam : staff[permission.role];
  if (!allowed) {
    throw new MarqueError('operations', `${session.address} lacks the role for this: ${permission === 'read' ? 'any staff role' : ROLE_WORDS[permission.role]}`, {
      status: 403,
      reason: 'role-missing',
    });
  }
  return { actor: session.address, wallet: session.address };
}

const ROLE_WORDS: Record<StaffRole, string> = {
  orders: "MarqueTwin's ISSUER_ROLE (order desk)",
  stages: "MarqueTwin's FACTORY_ROLE (factory)",
  addOns: "MarqueTwin's admin role (add-ons)",
  people: "the admin roles of MarqueOwnerProfile's issuer, MarquePassport and MarqueEventPass (people and places)",
  brandTeam: "MarqueEventPass's BRAND_TEAM_ROLE (brand team)",
};

function numericParam(value: string | undefined, what: string): number {
  if (!value || !/^[0-9]{1,15}$/.test(value)) throw new MarqueError('operations', `"${value}" is not a ${what} id (a number)`, { status: 400, reason: 'bad-request' });
  return Number(value);
}

function addressParam(value: string | undefined): string {
  if (!value || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new MarqueError('operations', `"${value}" is not an address (0x and 40 hex digits)`, { status: 400, reason: 'bad-request' });
  return value;
}

/** The OpenAPI 3.1 document of the operations API, generated from {@link OPERATIONS}' zod schemas (the ones the routes validate with). */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of OPERATIONS) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (spec.method === 'POST' && spec.permission) {
      parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } } as never);
    }
    const permission = spec.permission === 'read' ? 'any API key, or a staff wallet' : spec.permission ? `${spec.permission.scope ? `API key scope \`${spec.permission.scope}\`, or ` : 'console only: '}a wallet with ${ROLE_WORDS[spec.permission.role]}` : 'public';
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      operationId: spec.name,
      summary: spec.summary,
      description: `Who may: ${permission}.`,
      ...(spec.permission ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(spec.body, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
      responses: {
        [String(spec.status ?? 200)]: { description: 'Done' },
        default: { description: 'An error: `{ error, reason, details? }` (400 bad input, 401 key or session, 403 scope or role, 404, 409 conflict, 422 idempotency key reused, 503)' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Marque operations API', version: '1', description: 'The order desk, the factory, people and places, passes, keys and webhooks; every write takes an Idempotency-Key header.' },
    servers: [{ url: publicUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (mk_…) or a staff wallet\'s session token' } } },
    paths,
  };
}
