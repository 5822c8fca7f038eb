import { z } from 'zod';
import { VARIANT_CATEGORIES } from './catalogue';
import { TWIN_STAGES } from './contracts/contract-types';

/**
 * The operations API (`/api/ops/…`): what the staff console and the brand's systems (order,
 * factory, dealer, CRM) send, as the server validates it and as its OpenAPI document
 * (`GET /api/openapi.json`) describes it — one set of schemas for both.
 */

/** What an API key may do: each write needs its scope; `read` reads everything and writes nothing. */
export const API_KEY_SCOPES = ['orders', 'stages', 'records', 'passes', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Webhook event types. */
export const WEBHOOK_EVENTS = ['twin.minted', 'twin.stage-changed', 'twin.transferred', 'passport.record', 'invitation.accepted', 'event.attendance'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address');
const decimalId = z.string().regex(/^[0-9]{1,78}$/, 'a decimal token id, as a string');
const code = z.string().min(1).max(64);

/** `POST /api/ops/orders`: confirm an order; the twin is minted to `owner`, or to the passkey account of an owner invitation (`"invite"`). */
export const orderInput = z.strictObject({
  /** The brand's own order number: one twin per order (1–64 letters, digits, `.`, `_`, `:`, `-`). */
  orderRef: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, '1–64 letters, digits, ".", "_", ":" or "-"'),
  model: code,
  configuration: z.strictObject(Object.fromEntries(VARIANT_CATEGORIES.map((c) => [c, code])) as Record<(typeof VARIANT_CATEGORIES)[number], typeof code>),
  owner: z.union([address, z.literal('invite')]),
});
export type OrderInput = z.infer<typeof orderInput>;

/** `POST /api/ops/stages`: move twins to their next stage, with the date each happened. */
export const stagesInput = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        tokenId: decimalId,
        stage: z.enum(TWIN_STAGES.slice(1) as [string, ...string[]]),
        /** When it happened at the factory (ISO 8601 with a zone; not in the future). */
        happenedAt: z.iso.datetime({ offset: true, message: 'an ISO 8601 date and time with a zone' }),
      }),
    )
    .min(1)
    .max(50),
});
export type StagesInput = z.infer<typeof stagesInput>;

/** `POST /api/ops/dealers`: register a dealer or service centre (and grant it the dealer role on chain). */
export const dealerInput = z.strictObject({
  address,
  name: z.string().trim().min(2).max(80),
  city: z.string().trim().min(2).max(80),
  kind: z.enum(['dealer', 'service-centre']),
});
export type DealerInput = z.infer<typeof dealerInput>;

/** `POST /api/ops/profiles`: issue an owner profile; `POST /api/ops/brand-team`: grant the brand team's role. */
export const walletInput = z.strictObject({ address });

/** `POST /api/ops/passes`: access passes for a launch, to wallets and/or as invitation codes for people without one. */
export const passesInput = z
  .strictObject({
    /** The launch (`GET /api/events`'s id). */
    launchId: z.string().min(1).max(64),
    wallets: z.array(address).max(100).default([]),
    /** How many invitation codes to make (one use each). */
    invitations: z.number().int().min(0).max(100).default(0),
    validHours: z.number().int().min(1).max(720).default(168),
  })
  .refine((p) => p.wallets.length > 0 || p.invitations > 0, 'name wallets, ask for invitations, or both');
export type PassesInput = z.input<typeof passesInput>;

/** `POST /api/ops/keys`: an integration API key. */
export const apiKeyInput = z.strictObject({
  name: z.string().trim().min(2).max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
});

/** `POST /api/ops/webhooks`: a subscription. */
export const webhookInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});

/** An order as the API answers it. */
export interface OrderView {
  id: number;
  orderRef: string;
  model: string;
  configurationHash: string;
  owner: string;
  /** For `invite` orders: the owner invitation's link, to hand to the buyer (shown to the order desk only). */
  invitationUrl?: string;
  state: 'minting' | 'minted' | 'failed';
  tokenId?: string;
  transactionHash?: string;
  jobId: number;
  error?: string;
  createdBy: string;
  createdAt: string;
}

/** A transaction queue job as the API answers it. */
export interface JobView {
  id: number;
  label: string;
  state: 'queued' | 'sent' | 'mined' | 'reverted' | 'failed';
  nonce?: number;
  attempts: number;
  transactionHash?: string;
  blockNumber?: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

/** An API key as listed (never its secret). */
export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

/** A registered dealer or service centre. */
export interface DealerView {
  address: string;
  name: string;
  city: string;
  kind: 'dealer' | 'service-centre';
  registeredAt: string;
  revokedAt?: string;
}

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: string;
  /** A wallet, or `key:<id>` for an API key. */
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  jobId?: number;
  transactionHash?: string;
}

/** A webhook subscription (its secret only when created). */
export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
  revokedAt?: string;
}

/** One delivery of an event to a subscription, with each attempt's answer. */
export interface DeliveryView {
  id: number;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  responses: { at: string; status?: number; error?: string; body?: string }[];
  createdAt: string;
  deliveredAt?: string;
}

/** What a staff wallet may do in the console, from the contracts' roles. */
export interface StaffView {
  address: string;
  /** Order desk (MarqueTwin ISSUER_ROLE). */
  orders: boolean;
  /** Factory (MarqueTwin FACTORY_ROLE). */
  stages: boolean;
  /** Add-ons (MarqueTwin admin). */
  addOns: boolean;
  /** Profiles (MarqueOwnerProfile ISSUER_ROLE), dealers (MarquePassport admin), brand team (MarqueEventPass admin). */
  people: boolean;
  /** Event passes, API keys, webhooks, the audit log (MarqueEventPass BRAND_TEAM_ROLE). */
  brandTeam: boolean;
}
